/** Builds the workflow's dependencies from the functions' configuration (AWS or local endpoints). */
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { SfnEngine } from '#adapters/stepfunctions/sfn-engine.ts';
import { catalog } from '#domain/catalog/index.ts';
import { RETENTION } from '#domain/retention.ts';
import { systemClock } from '#domain/time/clock.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { dynamoClient, sfnClient } from './clients.ts';
import type { EngineConfig } from './config.ts';

export function depsFromConfig(config: EngineConfig, dynamo = dynamoClient(config)): EngineDeps {
  return {
    ...dynamoStores({ client: dynamo, tableName: config.TABLE_NAME, clock: systemClock, retention: RETENTION }),
    clock: systemClock,
    catalog,
    engine: new SfnEngine(sfnClient(config), {
      instruction: config.INSTRUCTION_STATE_MACHINE_ARN,
      execution: config.EXECUTION_STATE_MACHINE_ARN,
      bilan: config.BILAN_STATE_MACHINE_ARN,
    }),
  };
}

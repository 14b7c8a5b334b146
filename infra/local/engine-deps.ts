/**
 * The functions' dependencies (stores, clock, catalog, the workflow engine) over a DynamoDB and a
 * Step Functions client, as the Lambdas build them on AWS: the engine thread's handlers over
 * in-process clients (workflow-platform.ts), the main thread's API handlers over the clients that
 * cross to the engine (platform.ts). A module of its own so that the main thread loads none of the
 * runtime's.
 */
import type { DynamoDB } from '#adapters/aws/dynamodb.ts';
import type { StepFunctions } from '#adapters/aws/stepfunctions.ts';
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { SfnEngine } from '#adapters/stepfunctions/sfn-engine.ts';
import { catalog as defaultCatalog, type Catalog } from '#domain/catalog/index.ts';
import { RETENTION } from '#domain/retention.ts';
import type { Clock } from '#domain/time/clock.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import type { MachineName } from '#workflows/definitions.ts';

export function engineDeps(options: {
  dynamo: DynamoDB;
  tableName: string;
  clock: Clock;
  catalog?: Catalog;
  stepFunctions: StepFunctions;
  machineArns: Record<MachineName, string>;
}): EngineDeps {
  const stores = dynamoStores({ client: options.dynamo, tableName: options.tableName, clock: options.clock, retention: RETENTION });
  return {
    ...stores,
    clock: options.clock,
    catalog: options.catalog ?? defaultCatalog,
    engine: new SfnEngine(options.stepFunctions, options.machineArns),
  };
}

/** Builds the workflow's dependencies from the functions' configuration (AWS or local endpoints). */
import { DynamoCommits } from '#adapters/dynamodb/commits.ts';
import { DynamoDeadlineStore } from '#adapters/dynamodb/deadlines.ts';
import { DynamoDossierStore } from '#adapters/dynamodb/dossiers.ts';
import { DynamoEnvelopeStore } from '#adapters/dynamodb/envelopes.ts';
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { DynamoTable, type DynamoTableConfig } from '#adapters/dynamodb/table.ts';
import { DynamoTaskStore } from '#adapters/dynamodb/tasks.ts';
import { SfnEngine } from '#adapters/stepfunctions/sfn-engine.ts';
import { catalog } from '#domain/catalog/index.ts';
import { RETENTION } from '#domain/retention.ts';
import { systemClock } from '#domain/time/clock.ts';
import type { ActionDeps } from '#domain/workflow/actions/common.ts';
import type { EngineDeps, RedeliveryDeps, WorkflowDeps } from '#domain/workflow/deps.ts';
import { dynamoClient, sfnClient } from './clients.ts';
import type { EngineConfig, TableConfig } from './config.ts';

function tableConfig(config: TableConfig, dynamo = dynamoClient(config)): DynamoTableConfig {
  return { client: dynamo, tableName: config.TABLE_NAME, clock: systemClock, retention: RETENTION };
}

/** The stores and the clock: all the redelivery uses (its bundle leaves the catalog and its schemas out). */
function storesFromConfig(config: TableConfig, dynamo = dynamoClient(config)) {
  return { ...dynamoStores(tableConfig(config, dynamo)), clock: systemClock };
}

/** The workflow engine: the state machines the configuration names, through the SFN client. */
function engineFromConfig(config: EngineConfig): SfnEngine {
  return new SfnEngine(sfnClient(config), {
    instruction: config.INSTRUCTION_STATE_MACHINE_ARN,
    execution: config.EXECUTION_STATE_MACHINE_ARN,
    bilan: config.BILAN_STATE_MACHINE_ARN,
  });
}

/**
 * The stores, the clock and the catalog, without the Step Functions client: what plan-step,
 * the daily enforcement and the API's groups that call no engine use (their bundles leave the SFN
 * client out, ≈ 30 KB; apply-action takes fewer stores still: actionDepsFromConfig).
 */
export function storeDepsFromConfig(config: TableConfig, dynamo = dynamoClient(config)): WorkflowDeps {
  return { ...storesFromConfig(config, dynamo), catalog };
}

/** The same with the workflow engine: for the functions that start executions or answer callbacks. */
export function depsFromConfig(config: EngineConfig, dynamo = dynamoClient(config)): EngineDeps {
  return { ...storeDepsFromConfig(config, dynamo), engine: engineFromConfig(config) };
}

/** The stores and the engine, without the catalog: the redelivery of decisions. */
export function redeliveryDepsFromConfig(config: EngineConfig): RedeliveryDeps {
  return { ...storesFromConfig(config), engine: engineFromConfig(config) };
}

/** Only the five stores apply-action uses (ActionDeps): its bundle leaves the other adapters out. */
export function actionDepsFromConfig(config: TableConfig): ActionDeps {
  const table = new DynamoTable(tableConfig(config));
  return {
    dossiers: new DynamoDossierStore(table),
    commits: new DynamoCommits(table),
    tasks: new DynamoTaskStore(table),
    envelopes: new DynamoEnvelopeStore(table),
    deadlines: new DynamoDeadlineStore(table),
    clock: systemClock,
    catalog,
  };
}

/**
 * The workflows running locally: the project's table, the durable Step Functions runtime with
 * the three definitions (substituted as CDK would) and the very middy handlers the Lambdas run,
 * its HTTP endpoint, and the engine the API side talks to through @aws-sdk/client-sfn.
 * Used by `npm start` (infra/local/platform.ts) and by the integration tests.
 */
import type { Context } from 'aws-lambda';
import type { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { createTable } from '#adapters/dynamodb/table-design.ts';
import { SfnEngine } from '#adapters/stepfunctions/sfn-engine.ts';
import { catalog as defaultCatalog, type Catalog } from '#domain/catalog/index.ts';
import { RETENTION } from '#domain/retention.ts';
import type { Clock } from '#domain/time/clock.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { applyActionHandler, createTaskHandler, planStepHandler } from '#functions/workflow/handlers.ts';
import {
  CHAINED_MACHINES,
  MACHINES,
  substitute,
  WORKFLOW_FUNCTIONS,
  type MachineName,
  type Substitutions,
} from '#workflows/definitions.ts';
import { stateMachineArn } from './stepfunctions/arns.ts';
import {
  inProcessSfnClient,
  LocalStepFunctions,
  startStepFunctionsHttpServer,
  type StepFunctionsHttpServer,
} from './stepfunctions/index.ts';

import { LOCAL_ACCOUNT } from './account.ts';
import { localLambdaContext } from './lambda-context.ts';

export { LOCAL_ACCOUNT };

export interface WorkflowPlatformOptions {
  /** The adapters' DynamoDB client (in process on the platform, over HTTP in some tests). */
  dynamo: DynamoDB;
  /** The project's table (created if missing). */
  tableName: string;
  /** Where the Step Functions runtime keeps its state (one runtime per directory); undefined: in memory. */
  runtimeDataDir?: string;
  clock: Clock;
  catalog?: Catalog;
  /** Port of the Step Functions HTTP endpoint (0: any free port). */
  sfnPort?: number;
  onInternalError?: (error: unknown) => void;
  /** The runtime's segments run at once (LocalStepFunctionsOptions.concurrency). */
  runtimeConcurrency?: () => number;
  /** LocalStepFunctionsOptions.maxYieldMs. */
  runtimeMaxYieldMs?: number;
}

export interface WorkflowPlatform {
  deps: EngineDeps;
  /** The project's table. */
  tableName: string;
  runtime: LocalStepFunctions;
  sfn: StepFunctionsHttpServer;
  machineArns: Record<MachineName, string>;
  close(): Promise<void>;
}

function localLambdaArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:function:${name}`;
}

/** The DefinitionSubstitutions the local platform fills (CDK fills the same keys with real ARNs). */
export function localSubstitutions(): Substitutions {
  const functions = Object.fromEntries(Object.entries(WORKFLOW_FUNCTIONS).map(([key, name]) => [key, localLambdaArn(name)]));
  const machines = Object.fromEntries(
    Object.entries(CHAINED_MACHINES).map(([key, machine]) => [key, stateMachineArn(LOCAL_ACCOUNT, machine)]),
  );
  return { ...functions, ...machines } as Substitutions;
}

export async function startWorkflowPlatform(options: WorkflowPlatformOptions): Promise<WorkflowPlatform> {
  await createTable(options.dynamo, options.tableName);
  const stores = dynamoStores({ client: options.dynamo, tableName: options.tableName, clock: options.clock, retention: RETENTION });
  let handlers: Record<string, (event: unknown, context: Context) => Promise<unknown>> = {};
  const runtime = new LocalStepFunctions({
    ...(options.runtimeDataDir ? { dataDir: options.runtimeDataDir } : {}),
    clock: options.clock,
    region: LOCAL_ACCOUNT.region,
    accountId: LOCAL_ACCOUNT.accountId,
    functions: Object.fromEntries(
      Object.values(WORKFLOW_FUNCTIONS).map((name) => [name, (payload: unknown) => handlers[name]!(payload, localLambdaContext(name))]),
    ),
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
    ...(options.runtimeConcurrency ? { concurrency: options.runtimeConcurrency } : {}),
    ...(options.runtimeMaxYieldMs !== undefined ? { maxYieldMs: options.runtimeMaxYieldMs } : {}),
  });
  const substitutions = localSubstitutions();
  const machineArns = Object.fromEntries(MACHINES.map((m) => [m, runtime.registerStateMachine(m, substitute(m, substitutions))])) as Record<
    MachineName,
    string
  >;
  const sfn = await startStepFunctionsHttpServer(runtime, { port: options.sfnPort ?? 0 });
  // The platform reaches the runtime in-process (no socket on its hot path); the port serves outside clients.
  const client = inProcessSfnClient(runtime, LOCAL_ACCOUNT.region);
  const deps: EngineDeps = {
    ...stores,
    clock: options.clock,
    catalog: options.catalog ?? defaultCatalog,
    engine: new SfnEngine(client, machineArns),
  };
  handlers = { 'plan-step': planStepHandler(deps), 'create-task': createTaskHandler(deps), 'apply-action': applyActionHandler(deps) };
  await runtime.start();
  return {
    deps,
    tableName: options.tableName,
    runtime,
    sfn,
    machineArns,
    close: async () => {
      await runtime.close();
      await sfn.close();
    },
  };
}

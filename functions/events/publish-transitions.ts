/**
 * Lambda entry: publishes dossier transitions from the table's stream to the EventBridge bus
 * (core and contract: ./transitions.ts). Reads EVENT_BUS_NAME.
 *
 * The EventBridge client is the one the Lambda runtime ships (the Node.js runtimes include the
 * AWS SDK v3; this function's bundle leaves `@aws-sdk/client-eventbridge` out): the project does
 * not depend on that package. To pin its version instead, add it to package.json's dependencies
 * and drop it from the function's `externalModules` (infra/aws/constructs/events.ts).
 */
import { createRequire } from 'node:module';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishTransitions, type PutEvents, type PutEventsEntry, type PutEventsResult } from './transitions.ts';

/** The part of @aws-sdk/client-eventbridge this function uses. */
interface EventBridgeModule {
  EventBridgeClient: new (config: Record<string, unknown>) => { send(command: unknown): Promise<PutEventsResult> };
  PutEventsCommand: new (input: { Entries: PutEventsEntry[] }) => unknown;
}

function eventBusName(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.EVENT_BUS_NAME;
  if (!name) throw new Error('function configuration is invalid: EVENT_BUS_NAME is not set');
  return name;
}

function runtimePutEvents(): PutEvents {
  const loadFromRuntime = createRequire(import.meta.url);
  const { EventBridgeClient, PutEventsCommand } = loadFromRuntime('@aws-sdk/client-eventbridge') as EventBridgeModule;
  const client = new EventBridgeClient({});
  return (entries) => client.send(new PutEventsCommand({ Entries: entries }));
}

const deps = { put: runtimePutEvents(), eventBusName: eventBusName() };

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => publishTransitions(event, deps);

/**
 * The AWS clients of the functions, each built from the typed configuration (functions/config.ts)
 * once, at the module scope of the entry that needs it: a warm Lambda reuses them. DynamoDB, Step
 * Functions, SES and EventBridge go through the project's small client (adapters/aws/: credentials
 * from the environment, the regional endpoint unless the configuration names another).
 */
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { eventBridge as eventBridgeClient, putEvents } from '#adapters/aws/eventbridge.ts';
import { Ses } from '#adapters/aws/ses.ts';
import { stepFunctions } from '#adapters/aws/stepfunctions.ts';
import type { PutEventsEntry, PutEventsResult } from './events/transitions.ts';
import type { EngineConfig, OutboxConfig, PublisherConfig } from './config.ts';

const at = (endpoint: string | undefined) => (endpoint ? { endpoint } : {});

export const dynamoClient = (config: Pick<EngineConfig, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>) =>
  new DynamoDB({ region: config.AWS_REGION, ...at(config.DYNAMODB_ENDPOINT) });

export const sfnClient = (config: Pick<EngineConfig, 'AWS_REGION' | 'SFN_ENDPOINT'>) =>
  stepFunctions({ region: config.AWS_REGION, ...at(config.SFN_ENDPOINT) });

// A bounded SES call (3 tries of at most 10 s each, backoff included well under a minute): it must
// stay well under the outbox lease (leaseSeconds of data/email-retry.json), or a second sender
// could take the email while this one is still sending it.
export const sesClient = (config: Pick<OutboxConfig, 'AWS_REGION' | 'SES_ENDPOINT'>) =>
  new Ses({ region: config.AWS_REGION, maxAttempts: 3, timeoutMs: 10_000, ...at(config.SES_ENDPOINT) });

/** EventBridge's PutEvents, for the transitions publisher. */
export function eventBridge(config: PublisherConfig) {
  const client = eventBridgeClient({ region: config.AWS_REGION, ...at(config.EVENTBRIDGE_ENDPOINT) });
  return { put: (entries: PutEventsEntry[]) => putEvents<PutEventsResult>(client, entries) };
}

/**
 * The email outbox sender as a Lambda (run on a schedule, e.g. every minute): sends the due
 * emails of the outbox through SES and returns the counts (domain/notifications/send-outbox.ts).
 * Configuration and SDK clients are built once per cold start.
 */
import middy from '@middy/core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoOutboxStore } from '#adapters/dynamodb/outbox.ts';
import { DynamoTable } from '#adapters/dynamodb/table.ts';
import { SesMailer } from '#adapters/ses/ses-mailer.ts';
import { sendPendingEmails, type SendOutboxResult } from '#domain/notifications/send-outbox.ts';
import { systemClock } from '#domain/time/clock.ts';
import { RETENTION } from '#domain/retention.ts';
import { readOutboxConfig } from './config.ts';

const DEFAULT_BATCH_SIZE = 50;

const config = readOutboxConfig();

const dynamo = new DynamoDBClient({
  region: config.AWS_REGION,
  ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
});
// A bounded SES call (3 tries of at most 3 s to connect + 10 s to answer): it must stay well
// under the outbox lease (leaseSeconds of data/email-retry.json), or a second sender could
// take the email while this one is still sending it.
const ses = new SESClient({
  region: config.AWS_REGION,
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT } : {}),
});

const outbox = new DynamoOutboxStore(
  new DynamoTable({ client: dynamo, tableName: config.TABLE_NAME, clock: systemClock, retention: RETENTION }),
);
const mailer = new SesMailer({
  client: ses,
  from: config.EMAIL_SENDER,
  ...(config.SES_CONFIGURATION_SET ? { configurationSet: config.SES_CONFIGURATION_SET } : {}),
});

/** One run of the sender over the due emails (at most OUTBOX_BATCH_SIZE). */
export async function core(): Promise<SendOutboxResult> {
  const result = await sendPendingEmails({ outbox, mailer, clock: systemClock, limit: config.OUTBOX_BATCH_SIZE ?? DEFAULT_BATCH_SIZE });
  if (result.listed > 0) console.info(JSON.stringify({ level: 'info', message: 'email outbox', ...result }));
  return result;
}

export const handler = middy(core);

/**
 * The email outbox sender as a Lambda (run on a schedule, e.g. every minute): sends the due
 * emails of the outbox through SES and returns the counts (domain/notifications/send-outbox.ts).
 * Configuration and SDK clients are built once per cold start.
 */
import { DynamoOutboxStore } from '#adapters/dynamodb/outbox.ts';
import { DynamoTable } from '#adapters/dynamodb/table.ts';
import { SesMailer } from '#adapters/ses/ses-mailer.ts';
import { sendPendingEmails, type SendOutboxResult } from '#domain/notifications/send-outbox.ts';
import { RETENTION } from '#domain/retention.ts';
import { systemClock } from '#domain/time/clock.ts';
import { dynamoClient, sesClient } from '../clients.ts';
import { outboxEnv, readConfig } from '../config.ts';
import { count, lambdaHandler, logger, METRIC, timed } from '../observability.ts';

const DEFAULT_BATCH_SIZE = 50;

const config = readConfig(outboxEnv);
const outbox = new DynamoOutboxStore(
  new DynamoTable({ client: dynamoClient(config), tableName: config.TABLE_NAME, clock: systemClock, retention: RETENTION }),
);
const mailer = new SesMailer({
  client: sesClient(config),
  from: config.EMAIL_SENDER,
  ...(config.SES_CONFIGURATION_SET ? { configurationSet: config.SES_CONFIGURATION_SET } : {}),
});

/** One run of the sender over the due emails (at most OUTBOX_BATCH_SIZE). */
export async function core(): Promise<SendOutboxResult> {
  const result = await timed('send-emails', () =>
    sendPendingEmails({ outbox, mailer, clock: systemClock, limit: config.OUTBOX_BATCH_SIZE ?? DEFAULT_BATCH_SIZE }),
  );
  count(METRIC.emailsSent, result.sent);
  count(METRIC.emailsFailed, result.failed + result.deferred);
  if (result.listed > 0) logger.info('email outbox', { ...result });
  return result;
}

export const handler = lambdaHandler(core);

/**
 * The email outbox sender as a Lambda (run on a schedule, every 2 minutes): sends the due emails
 * of the outbox through SES and returns the counts (domain/notifications/send-outbox.ts).
 * Configuration and clients are built once per cold start; the handler is the one the local
 * platform's scheduler runs (./handlers.ts).
 */
import { DynamoOutboxStore } from '#adapters/dynamodb/outbox.ts';
import { DynamoTable } from '#adapters/dynamodb/table.ts';
import { SesMailer } from '#adapters/ses/ses-mailer.ts';
import { RETENTION } from '#domain/retention.ts';
import { systemClock } from '#domain/time/clock.ts';
import { dynamoClient, sesClient } from '../clients.ts';
import { outboxEnv, readConfig } from '../config.ts';
import { sendEmailsHandler } from './handlers.ts';

const config = readConfig(outboxEnv);

export const handler = sendEmailsHandler({
  outbox: new DynamoOutboxStore(
    new DynamoTable({ client: dynamoClient(config), tableName: config.TABLE_NAME, clock: systemClock, retention: RETENTION }),
  ),
  mailer: new SesMailer({
    client: sesClient(config),
    from: config.EMAIL_SENDER,
    ...(config.SES_CONFIGURATION_SET ? { configurationSet: config.SES_CONFIGURATION_SET } : {}),
  }),
  clock: systemClock,
  ...(config.OUTBOX_BATCH_SIZE ? { batchSize: config.OUTBOX_BATCH_SIZE } : {}),
});

/** The outbox sender as a Lambda handler (EventBridge Scheduler on AWS, the platform's scheduler locally). */
import type { Mailer } from '#domain/notifications/mailer.ts';
import type { OutboxStore } from '#domain/ports/outbox.ts';
import { sendPendingEmails } from '#domain/notifications/send-outbox.ts';
import type { Clock } from '#domain/time/clock.ts';
import { count, lambdaHandler, logLine, METRIC, timed } from '../observability.ts';

/** The due emails one run sends at most, unless OUTBOX_BATCH_SIZE says otherwise. */
export const DEFAULT_BATCH_SIZE = 50;

export interface SendEmailsDeps {
  outbox: OutboxStore;
  mailer: Mailer;
  clock: Clock;
  batchSize?: number;
}

/** One run of the sender over the due emails (at most `batchSize`), with its counts as metrics. */
export function sendEmailsHandler({ outbox, mailer, clock, batchSize = DEFAULT_BATCH_SIZE }: SendEmailsDeps) {
  return lambdaHandler(async (_event: unknown, context) => {
    const result = await timed('send-emails', () => sendPendingEmails({ outbox, mailer, clock, limit: batchSize }));
    count(METRIC.emailsSent, result.sent);
    count(METRIC.emailsFailed, result.failed + result.deferred);
    if (result.listed > 0) logLine(context, 'info', 'email outbox', { ...result });
    return result;
  });
}

/**
 * The email outbox sender. Every email the system owes is queued in the outbox under an
 * idempotency key (domain/workflow/notify.ts); this sends the ones due, through a `Mailer`:
 *
 * - **never lost**: an email leaves the pending list only when the mail service has accepted it
 *   (`markSent` with its message id). A failure is recorded on the email with the time of
 *   its next try (exponential backoff, data/email-retry.json), and it is tried again until sent.
 * - **a permanent rejection is kept, not dropped**: an email the service refused for good
 *   (`MailRejectedError`: address refused, sender identity not verified…) stays pending with the
 *   refusal as its `lastError`, and is tried again only every `maxSeconds`. Dropping it would
 *   lose a notice the porteur is owed (a decision, a deadline) without anybody noticing; kept
 *   pending, it shows in the outbox with its error until someone fixes the address or the
 *   identity, and then it goes on its own. The cost is one refused call per `maxSeconds`.
 * - **sent once, as far as the outbox can tell**: the sender *claims* each due email it listed
 *   (`claim`): one write, conditional on the version listed (the pending list comes from an index
 *   and may be stale: an email sent or taken since has another version), that defers it by
 *   `leaseSeconds` and brings back its content. Of two senders that listed the same version,
 *   exactly one claim succeeds; the other moves on. A sender that dies holding an email leaves it
 *   due again when the lease ends.
 *
 * The gap that remains (inherent: the mail service has no idempotency key of its own, and its
 * acceptance and our record of it are two systems): if the sender dies — or the table refuses
 * the write — after the service accepted the email but before `markSent`, the email is
 * still pending and is sent again once the lease ends. Delivery is therefore *at least once*:
 * a duplicate needs a crash in that window of a few milliseconds, a lost email needs nothing
 * less than the outbox record being deleted. The idempotency key travels with the email (an SES
 * message tag) so a duplicate can be recognised in the sending events.
 */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import * as z from 'zod/mini';
import raw from '#data/email-retry.json' with { type: 'json' };
import { EmailAlreadySentError, RecordNotFoundError } from '#domain/ports/errors.ts';
import type { OutboxEmail, PendingEmail } from '#domain/ports/records.ts';
import type { OutboxStore } from '#domain/ports/outbox.ts';
import type { Clock } from '#domain/time/clock.ts';
import { isMailRejectedError, type Mailer } from './mailer.ts';

// ---------------------------------------------------------------------------------------------
// Retry policy, as data

export interface RetryPolicy {
  /** Delay after the first failed try, in seconds. */
  readonly baseSeconds: number;
  /** Each further failed try multiplies the delay by this (≥ 1). */
  readonly factor: number;
  /** The longest delay, in seconds; also the delay after a permanent rejection. */
  readonly maxSeconds: number;
  /** How long a sender holds an email it is sending before another may take it, in seconds. */
  readonly leaseSeconds: number;
}

const seconds = z.number().check(z.positive());
const retryPolicySchema = z
  .strictObject({
    $comment: z.optional(z.string()),
    baseSeconds: seconds,
    factor: z.number().check(z.minimum(1)),
    maxSeconds: seconds,
    leaseSeconds: seconds,
  })
  .check(z.refine((p) => p.maxSeconds >= p.baseSeconds, { message: 'maxSeconds must be at least baseSeconds', path: ['maxSeconds'] }));

/** Checks a retry policy (as read from data/email-retry.json); throws an Error saying what is wrong. */
export function parseRetryPolicy(data: unknown, source = 'data/email-retry.json'): RetryPolicy {
  const parsed = retryPolicySchema.safeParse(data, PARSE_ONCE);
  if (!parsed.success) throw new Error(`${source} is invalid: ${z.prettifyError(parsed.error)}`);
  const { baseSeconds, factor, maxSeconds, leaseSeconds } = parsed.data;
  return Object.freeze({ baseSeconds, factor, maxSeconds, leaseSeconds });
}

/** The policy of data/email-retry.json (checked when this module loads). */
export const EMAIL_RETRY_POLICY: RetryPolicy = parseRetryPolicy(raw);

/** Seconds to wait after the `failedTries`-th failed try (1, 2, …) of a transient failure. */
export function retryDelaySeconds(policy: RetryPolicy, failedTries: number): number {
  if (!Number.isSafeInteger(failedTries) || failedTries < 1)
    throw new RangeError(`failedTries must be a whole number ≥ 1, got ${failedTries}`);
  // factor ** n overflows to Infinity for a large n: the min still gives maxSeconds.
  return Math.min(policy.maxSeconds, policy.baseSeconds * policy.factor ** (failedTries - 1));
}

// ---------------------------------------------------------------------------------------------
// The sender

export interface SendOutboxOptions {
  outbox: OutboxStore;
  mailer: Mailer;
  /** The same clock as the outbox repository's (which decides what is due). */
  clock: Clock;
  policy?: RetryPolicy;
  /** How many due emails one run takes (default 25). */
  limit?: number;
  /** How many sends run at once (default 4). */
  concurrency?: number;
}

export interface SendOutboxResult {
  /** Due emails the run read. */
  listed: number;
  /** Accepted by the mail service and marked sent. */
  sent: number;
  /** A transient failure (throttling, outage…): recorded, next try after the backoff. */
  deferred: number;
  /** Refused for good by the mail service: recorded, kept pending, next try after `maxSeconds`. */
  failed: number;
  /** Accepted by the mail service, but another sender had marked the email sent first (a duplicate was sent). */
  alreadySent: number;
  /** Not tried: already sent, no longer due, or taken by another sender since the listing. */
  skipped: number;
}

type Outcome = 'sent' | 'deferred' | 'failed' | 'alreadySent' | 'skipped';

const DEFAULT_LIMIT = 25;
export const DEFAULT_CONCURRENCY = 4;

/**
 * Sends the pending emails that are due (oldest first, at most `limit`), `concurrency` at a
 * time. A mail service failure is recorded on its email, never thrown. A storage failure stops
 * the run from taking new emails; the sends under way finish, then it is thrown (the emails it
 * left claimed are due again when their lease ends).
 */
export async function sendPendingEmails(options: SendOutboxOptions): Promise<SendOutboxResult> {
  const { outbox, mailer, clock } = options;
  const policy = options.policy ?? EMAIL_RETRY_POLICY;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);

  const due = await outbox.listDue(limit);
  const result: SendOutboxResult = { listed: due.length, sent: 0, deferred: 0, failed: 0, alreadySent: 0, skipped: 0 };
  await forEachLimited(due, concurrency, async (email) => {
    result[await sendOne(email)] += 1;
  });
  return result;

  async function sendOne(listed: PendingEmail): Promise<Outcome> {
    const key = listed.idempotencyKey;
    // Sent, or taken by another sender, since the listing: its version moved and the claim fails.
    const claimed = await claim(listed, clock.now());
    if (!claimed) return 'skipped';

    let messageId: string;
    try {
      ({ messageId } = await mailer.send({
        to: claimed.to,
        subject: claimed.subject,
        text: claimed.text,
        html: claimed.html,
        idempotencyKey: key,
      }));
    } catch (err) {
      return recordFailure(claimed, err);
    }

    // The at-least-once window: the service has accepted the email; until this write lands, a
    // crash leaves it pending and it is sent again when the lease ends.
    try {
      await outbox.markSent(key, messageId);
      return 'sent';
    } catch (err) {
      if (err instanceof EmailAlreadySentError) return 'alreadySent';
      throw err;
    }
  }

  /** Takes the email for `leaseSeconds` (one conditional write); undefined when another sender got it first. */
  async function claim(listed: PendingEmail, now: Date): Promise<OutboxEmail | undefined> {
    return outbox.claim(listed.idempotencyKey, listed.version, new Date(now.getTime() + policy.leaseSeconds * 1000));
  }

  async function recordFailure(claimed: OutboxEmail, err: unknown): Promise<Outcome> {
    const permanent = isMailRejectedError(err);
    const failedTries = claimed.attempts + 1;
    const delaySeconds = permanent ? policy.maxSeconds : retryDelaySeconds(policy, failedTries);
    const retryAt = new Date(clock.now().getTime() + Math.round(delaySeconds * 1000));
    const message = permanent ? `rejected: ${(err as Error).message}` : `transient: ${describeError(err)}`;
    try {
      await outbox.recordFailure(claimed.idempotencyKey, message, retryAt);
    } catch (recordErr) {
      // Sent by another sender meanwhile (only possible once our lease had ended): nothing to retry.
      if (recordErr instanceof EmailAlreadySentError || recordErr instanceof RecordNotFoundError) return 'skipped';
      throw recordErr;
    }
    return permanent ? 'failed' : 'deferred';
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const withCode = typeof code === 'string' && code !== err.name && !err.message.includes(code) ? ` (${code})` : '';
  return `${err.name}${withCode}: ${err.message}`;
}

/**
 * Runs `fn` on every item, at most `concurrency` at a time. After a failure no new item is
 * started; the ones under way finish, then the first failure is thrown.
 */
async function forEachLimited<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure) throw failure.error;
}

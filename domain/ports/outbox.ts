/** The email outbox, as its sender sees it (emails are queued by commits). */
import type { OutboxEmail, OutboxEmailState, PendingEmail } from './records.ts';

export interface OutboxStore {
  get(idempotencyKey: string): Promise<OutboxEmail | undefined>;
  /** The emails of these keys that exist, in no particular order (one round trip per 100). */
  getMany(idempotencyKeys: readonly string[]): Promise<OutboxEmail[]>;
  /** Pending emails whose next attempt is due now, oldest first (keys and versions: `claim` brings the content). */
  listDue(limit: number): Promise<PendingEmail[]>;
  /**
   * Takes a pending email for one sender until `until` (its next attempt moves there), if it is
   * still at `expectedVersion` and due: of concurrent senders exactly one gets it. Undefined otherwise.
   */
  claim(idempotencyKey: string, expectedVersion: number, until: Date): Promise<OutboxEmail | undefined>;
  /** The email as sent, without its content. @throws EmailAlreadySentError · RecordNotFoundError */
  markSent(idempotencyKey: string, messageId: string): Promise<OutboxEmailState>;
  /** Counts a failed attempt and defers the next one to `retryAt`; the email without its content. @throws EmailAlreadySentError · RecordNotFoundError */
  recordFailure(idempotencyKey: string, error: string, retryAt: Date): Promise<OutboxEmailState>;
}

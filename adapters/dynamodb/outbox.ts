/**
 * The email outbox: an email item per idempotency key, on the pending queue (GSI4, keys and
 * versions only) until sent. A claim is one write conditional on the version listed; its answer
 * is the email's content.
 */
import { EmailAlreadySentError, RecordNotFoundError } from '#domain/ports/errors.ts';
import type { OutboxStore } from '#domain/ports/outbox.ts';
import { MAX_ERROR_TEXT } from '../store-rules.ts';
import { toEmail, toEmailState, toPendingEmail } from './items.ts';
import { indexKeys, keys } from './keys.ts';
import { UpdateBuilder, type DynamoTable } from './table.ts';
import { INDEX } from './table-design.ts';

export class DynamoOutboxStore implements OutboxStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async get(idempotencyKey: string) {
    const item = await this.#t.get(keys.email(idempotencyKey));
    return item ? toEmail(item) : undefined;
  }

  async getMany(idempotencyKeys: readonly string[]) {
    return (await this.#t.batchGet([...new Set(idempotencyKeys)].map(keys.email))).map(toEmail);
  }

  async listDue(limit: number) {
    if (!Number.isSafeInteger(limit) || limit <= 0) throw new RangeError(`limit must be a positive whole number, got ${limit}`);
    const items = await this.#t.query(
      {
        IndexName: INDEX.workQueues,
        KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK <= :upTo',
        ExpressionAttributeValues: { ':pk': indexKeys.pendingEmails, ':upTo': indexKeys.instantSortUpTo(this.#t.nowIso()) },
      },
      limit,
    );
    return items.map(toPendingEmail);
  }

  async claim(idempotencyKey: string, expectedVersion: number, until: Date) {
    const next = until.toISOString();
    const u = new UpdateBuilder().set('nextAttemptAt', next).set('GSI4SK', indexKeys.pendingEmailSort(next, idempotencyKey)).bumpVersion();
    const condition = `${u.name('status')} = ${u.value('pending')} AND ${u.name('version')} = ${u.value(expectedVersion)}`;
    const out = await this.#t.update(keys.email(idempotencyKey), u, condition);
    return out.ok ? toEmail(out.item) : undefined;
  }

  async markSent(idempotencyKey: string, messageId: string) {
    const now = this.#t.clock.now();
    const u = new UpdateBuilder().set('status', 'sent').set('sentAt', now.toISOString()).set('messageId', messageId).add('attempts', 1);
    u.bumpVersion().remove('GSI4PK', 'GSI4SK');
    const ttl = this.#t.ttlFor('sentEmail', now);
    if (ttl !== undefined) u.set('ttl', ttl);
    return this.#updatePending(idempotencyKey, u);
  }

  async recordFailure(idempotencyKey: string, error: string, retryAt: Date) {
    const next = retryAt.toISOString();
    const u = new UpdateBuilder()
      .set('lastError', error.slice(0, MAX_ERROR_TEXT))
      .set('nextAttemptAt', next)
      .set('GSI4SK', indexKeys.pendingEmailSort(next, idempotencyKey))
      .add('attempts', 1);
    return this.#updatePending(idempotencyKey, u);
  }

  async #updatePending(idempotencyKey: string, u: UpdateBuilder) {
    const out = await this.#t.update(keys.email(idempotencyKey), u, `${u.name('status')} = ${u.value('pending')}`);
    if (out.ok) return toEmailState(out.item);
    if (!out.refused) throw new RecordNotFoundError('email', idempotencyKey);
    throw new EmailAlreadySentError(idempotencyKey, out.refused.messageId as string | undefined);
  }
}

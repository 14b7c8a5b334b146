/** Commission Permanente sessions: one item each, created once. */
import type { CpSessionStore } from '#domain/ports/cp-sessions.ts';
import type { CpSession, NewCpSession } from '#domain/ports/records.ts';
import { isIsoDate } from '#domain/time/iso-date.ts';
import { assertNoHash } from '../store-rules.ts';
import { toCpSession } from './items.ts';
import { ENTITY, keys } from './keys.ts';
import type { DynamoTable } from './table.ts';

export class DynamoCpSessionStore implements CpSessionStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async create(session: NewCpSession) {
    assertNoHash('CP session id', session.id);
    if (!isIsoDate(session.date)) throw new RangeError(`CP session date must be YYYY-MM-DD, got ${session.date}`);
    const record: CpSession = { ...session, createdAt: this.#t.nowIso(), version: 1 };
    if (await this.#t.putIfAbsent({ ...keys.cpSession(session.id), entity: ENTITY.cpSession, ...record })) return record;
    return (await this.get(session.id))!;
  }

  async get(id: string) {
    const item = await this.#t.get(keys.cpSession(id));
    return item ? toCpSession(item) : undefined;
  }
}

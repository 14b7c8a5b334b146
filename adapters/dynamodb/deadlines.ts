/** Deadlines, in their dossier's partition: by id, due on a day (GSI4, pending only), of a dossier; closed one by one. */
import type { DeadlineStore } from '#domain/ports/deadlines.ts';
import type { DeadlineStatus } from '#domain/ports/records.ts';
import { isIsoDate } from '#domain/time/iso-date.ts';
import type { IsoDate } from '#domain/time/paris.ts';
import { toDeadline } from './items.ts';
import { DOSSIER_SK_PREFIX, indexKeys, keys } from './keys.ts';
import { UpdateBuilder, type DynamoTable } from './table.ts';
import { INDEX } from './table-design.ts';

/** The update that closes a pending deadline (also part of commits): it leaves the due-day index. */
export function closeDeadlineUpdate(status: Exclude<DeadlineStatus, 'pending'>, at: string): { u: UpdateBuilder; condition: string } {
  const u = new UpdateBuilder().set('status', status).set('updatedAt', at).bumpVersion().remove('GSI4PK', 'GSI4SK');
  return { u, condition: `${u.name('status')} = ${u.value('pending')}` };
}

/** `2026-12` → `2027-01`. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export class DynamoDeadlineStore implements DeadlineStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async get(id: string) {
    const key = keys.deadline(id);
    const item = key ? await this.#t.get(key) : undefined;
    return item ? toDeadline(item) : undefined;
  }

  async listDue(from: IsoDate, to: IsoDate) {
    if (!isIsoDate(from) || !isIsoDate(to)) throw new RangeError(`days must be YYYY-MM-DD, got ${from} and ${to}`);
    const items = [];
    // One query per month of the window (its sort keys are `<day>#<id>`: `~` closes the last day).
    for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
      items.push(
        ...(await this.#t.query({
          IndexName: INDEX.workQueues,
          KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': indexKeys.dueMonth(`${month}-01`), ':from': from, ':to': `${to}~` },
        })),
      );
    }
    return items.map(toDeadline);
  }

  async listOfDossier(dossierId: string) {
    const items = await this.#t.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).PK, ':prefix': DOSSIER_SK_PREFIX.deadline },
      ConsistentRead: true,
    });
    return items.map(toDeadline);
  }

  async close(id: string, status: Exclude<DeadlineStatus, 'pending'>) {
    const key = keys.deadline(id);
    if (!key) return false;
    const { u, condition } = closeDeadlineUpdate(status, this.#t.nowIso());
    return (await this.#t.update(key, u, condition)).ok;
  }
}

/** A dossier's timeline: its events by seq, one query on its partition. */
import type { TimelineStore } from '#domain/ports/timeline.ts';
import { toTimelineEvent } from './items.ts';
import { DOSSIER_SK_PREFIX, keys } from './keys.ts';
import type { DynamoTable } from './table.ts';

export class DynamoTimelineStore implements TimelineStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async list(dossierId: string) {
    const items = await this.#t.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).PK, ':prefix': DOSSIER_SK_PREFIX.event },
      ConsistentRead: true,
    });
    return items.map(toTimelineEvent);
  }
}

/** Dossiers: by id (consistent), their submission, and the two listings (GSI1 by porteur, GSI2 by status). */
import type { DossierStore } from '#domain/ports/dossiers.ts';
import type { DossierStatus, JsonObject } from '#domain/ports/records.ts';
import { assertNoHash } from '../store-rules.ts';
import { toDossier, toDossierSummary } from './items.ts';
import { indexKeys, keys } from './keys.ts';
import type { DynamoTable } from './table.ts';
import { INDEX } from './table-design.ts';

export class DynamoDossierStore implements DossierStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async get(id: string) {
    const item = await this.#t.get(keys.dossier(id));
    return item ? toDossier(item) : undefined;
  }

  async getSubmission(id: string) {
    const item = await this.#t.get(keys.submission(id));
    return item ? (item.submission as JsonObject) : undefined;
  }

  async listOfPorteur(porteurId: string) {
    const items = await this.#t.query({
      IndexName: INDEX.porteur,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.porteur(porteurId) },
      ScanIndexForward: false,
    });
    return items.map(toDossierSummary);
  }

  async listByStatus(status: DossierStatus, dispositifCode?: string) {
    if (dispositifCode !== undefined) assertNoHash('dispositifCode', dispositifCode);
    const items = await this.#t.query({
      IndexName: INDEX.statusAndDispositif,
      KeyConditionExpression: dispositifCode === undefined ? 'GSI2PK = :pk' : 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': indexKeys.status(status),
        ...(dispositifCode === undefined ? {} : { ':prefix': indexKeys.statusSortPrefix(dispositifCode) }),
      },
    });
    return items.map(toDossierSummary);
  }
}

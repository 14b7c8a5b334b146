/** What a filing reads before it writes, in one BatchGetItem: the dossier's submission, the content claim, the reference counter. */
import type { FilingStore } from '#domain/ports/filings.ts';
import { keys } from './keys.ts';
import type { DynamoTable } from './table.ts';

export class DynamoFilingStore implements FilingStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async lookup(dossierId: string, contentKey: string, dispositifCode: string) {
    const submission = keys.submission(dossierId);
    const claim = keys.contentClaim(contentKey);
    const counter = keys.referenceCounter(dispositifCode);
    const items = await this.#t.batchGet([submission, claim, counter]);
    const find = (k: { PK: string; SK: string }) => items.find((i) => i.PK === k.PK && i.SK === k.SK);
    const filed = find(submission);
    const claimed = find(claim);
    const live = claimed && (claimed.ttl === undefined || (claimed.ttl as number) >= this.#t.nowSeconds());
    return {
      ...(filed ? { filedFingerprint: filed.fingerprint as string } : {}),
      ...(live ? { sameContentAs: claimed.dossierId as string } : {}),
      lastReferenceNumber: (find(counter)?.value as number | undefined) ?? 0,
    };
  }
}

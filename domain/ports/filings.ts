/** What a filing reads before its creating commit (./commit.ts `filing`). */
import type { FilingLookup } from './records.ts';

export interface FilingStore {
  /** In one round trip: is this dossier filed already, is this content claimed, the dispositif's last reference number. */
  lookup(dossierId: string, contentKey: string, dispositifCode: string): Promise<FilingLookup>;
}

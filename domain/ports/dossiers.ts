/** Reading dossiers (their changes are commits: ./commit.ts). */
import type { Dossier, DossierStatus, DossierSummary, JsonObject } from './records.ts';

export interface DossierStore {
  /** The dossier, read consistently (its timeline head included). */
  get(id: string): Promise<Dossier | undefined>;
  /** The submission as filed (shown on the dossier's page; nothing else needs it). */
  getSubmission(id: string): Promise<JsonObject | undefined>;
  /** The dossiers of a porteur, newest first. */
  listOfPorteur(porteurId: string): Promise<DossierSummary[]>;
  /** The dossiers in a status, by dispositif code then oldest first; narrowed to one dispositif when given. */
  listByStatus(status: DossierStatus, dispositifCode?: string): Promise<DossierSummary[]>;
}

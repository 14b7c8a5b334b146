/** Reading a dossier's timeline (events are appended by commits, chained after the dossier's head). */
import type { TimelineEvent } from './records.ts';

export interface TimelineStore {
  /** In seq order. */
  list(dossierId: string): Promise<TimelineEvent[]>;
}

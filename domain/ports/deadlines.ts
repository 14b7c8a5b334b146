/** Deadlines: scheduled and closed by commits; a deadline whose closing changes nothing else is closed here. */
import type { IsoDate } from '#domain/time/paris.ts';
import type { Deadline, DeadlineStatus } from './records.ts';

export interface DeadlineStore {
  get(id: string): Promise<Deadline | undefined>;
  /** The pending deadlines due from one Paris calendar day to another (inclusive), by day then id: reads only those. */
  listDue(from: IsoDate, to: IsoDate): Promise<Deadline[]>;
  /** Every deadline of a dossier, any status. */
  listOfDossier(dossierId: string): Promise<Deadline[]>;
  /** Closes a pending deadline (one conditional write); false when it was not pending (or is not there). */
  close(id: string, status: Exclude<DeadlineStatus, 'pending'>): Promise<boolean>;
}

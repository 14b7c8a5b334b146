/**
 * The porteur's deadline to send complements the service instructeur asked for (during the
 * completeness check, or on the bilan). The call sets no delay: the default lives in
 * data/deadline-kinds.json (kind `complements`).
 */
import type { IsoDate } from '#domain/time/iso-date.ts';
import { dueDate } from './due-date.ts';

/** The last day to send complements requested on `requestedOn`. */
export function complementsDueDate(requestedOn: IsoDate): IsoDate {
  return dueDate('complements', requestedOn);
}

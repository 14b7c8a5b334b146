/**
 * How long a filing space opened by the service for a named porteur stays open (the Word
 * channel of 2.2, 2.11, 2.12, 2.13). The call gives none: the default lives in
 * data/deadline-kinds.json (kind `filing-invitation`).
 */
import type { IsoDate } from '#domain/time/iso-date.ts';
import { dueDate } from './due-date.ts';

/** The last day a filing space opened on `openedOn` may be filed through. */
export function filingInvitationExpiresOn(openedOn: IsoDate): IsoDate {
  return dueDate('filing-invitation', openedOn);
}

/**
 * Participant entries and exits owed to the MDS before each comité de pilotage/suivi.
 * Call: « l'organisme s'engage à communiquer aux services de la Maison du Département Solidarité
 * du territoire concerné, 8 jours avant la tenue du comité de pilotage/suivi, chaque entrée et
 * sortie de participants ». Kind `participant-list` in data/deadline-kinds.json.
 */
import type { IsoDate } from '#domain/time/iso-date.ts';
import { dueDate } from './due-date.ts';

/** The last day the porteur may send the MDS its entries and exits for a comité held on `comiteDate`. */
export function participantListDueDate(comiteDate: IsoDate): IsoDate {
  return dueDate('participant-list', comiteDate);
}

/** Calendar dates as a porteur reads them in French: « mardi 30 juin 2026 », « 1er mai 2026 ». */
import { isoWeekday, parseIsoDate, type IsoDate } from './iso-date.ts';

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;
const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

/** « 30 juin 2026 » (« 1er » for the first of a month); with `weekday`, « mardi 30 juin 2026 ». */
export function formatDateFr(date: IsoDate, options: { weekday?: boolean } = {}): string {
  const { year, month, day } = parseIsoDate(date);
  const text = `${day === 1 ? '1er' : day} ${MONTHS[month - 1]} ${year}`;
  return options.weekday ? `${WEEKDAYS[isoWeekday(date) - 1]} ${text}` : text;
}

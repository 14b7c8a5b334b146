/**
 * The public holidays (jours fériés) of metropolitan France: the eleven days of the Code du
 * travail, art. L3133-1. Eight have a fixed date; three follow Easter.
 *
 * Alsace-Moselle's two extra days (Good Friday and 26 December, Code du travail art. L3134-13)
 * apply only in the Bas-Rhin, Haut-Rhin and Moselle: not in the Pas-de-Calais, so not here.
 * Whit Monday stays a holiday although many employers work it as the "journée de solidarité":
 * it is in the legal list, and a deadline rule must not depend on one employer's choice.
 */
import { addDays, isoDate, parseIsoDate, type IsoDate } from './iso-date.ts';

export interface PublicHoliday {
  date: IsoDate;
  /** The holiday's French name, as a porteur reads it. */
  name: string;
}

/** The first year of the Gregorian calendar, where the computus below holds. */
export const FIRST_GREGORIAN_YEAR = 1583;

/** Easter Sunday of a year (anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < FIRST_GREGORIAN_YEAR || year > 9999) {
    throw new RangeError(`Easter is computed for Gregorian years ${FIRST_GREGORIAN_YEAR}–9999, got ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

const FIXED: readonly (readonly [month: number, day: number, name: string])[] = [
  [1, 1, "Jour de l'an"],
  [5, 1, 'Fête du Travail'],
  [5, 8, 'Victoire 1945'],
  [7, 14, 'Fête nationale'],
  [8, 15, 'Assomption'],
  [11, 1, 'Toussaint'],
  [11, 11, 'Armistice 1918'],
  [12, 25, 'Noël'],
];

const EASTER_BASED: readonly (readonly [daysAfterEaster: number, name: string])[] = [
  [1, 'Lundi de Pâques'],
  [39, 'Ascension'],
  [50, 'Lundi de Pentecôte'],
];

const cache = new Map<number, readonly PublicHoliday[]>();

/** The eleven public holidays of a year, in date order (ten dates when Ascension falls on 1 or 8 May). */
export function publicHolidays(year: number): readonly PublicHoliday[] {
  const known = cache.get(year);
  if (known) return known;
  const easter = easterSunday(year);
  const list = [
    ...FIXED.map(([month, day, name]) => ({ date: isoDate(year, month, day), name })),
    ...EASTER_BASED.map(([days, name]) => ({ date: addDays(easter, days), name })),
  ].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  // Ascension can fall on 1 or 8 May (it did on 1 May 2008): one date, one entry, both names.
  const unique: PublicHoliday[] = [];
  for (const h of list) {
    const last = unique.at(-1);
    if (last?.date === h.date) last.name = `${last.name} et ${h.name}`;
    else unique.push({ ...h });
  }
  const frozen = Object.freeze(unique.map((h) => Object.freeze(h)));
  cache.set(year, frozen);
  return frozen;
}

/** The public holiday on a date, if any. */
export function publicHolidayOn(date: IsoDate): PublicHoliday | undefined {
  return publicHolidays(parseIsoDate(date).year).find((h) => h.date === date);
}

export function isPublicHoliday(date: IsoDate): boolean {
  return publicHolidayOn(date) !== undefined;
}

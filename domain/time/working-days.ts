/**
 * Working days: Monday to Friday, save a public holiday of metropolitan France.
 * Saturday is not one: the deadline rule this serves (Code de procédure civile, art. 642: a
 * deadline that would expire on a Saturday, a Sunday or a public holiday runs to the next
 * working day) and the département's services both treat it as closed.
 */
import { addDays, isoWeekday, type IsoDate } from './iso-date.ts';
import { isPublicHoliday } from './public-holidays.ts';

export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

export function isWorkingDay(date: IsoDate): boolean {
  return !isWeekend(date) && !isPublicHoliday(date);
}

// A run of non-working days is at most 4 long (a Friday holiday, the weekend, a Monday holiday:
// e.g. Friday 8 May and Whit Monday 11 May when Easter falls on 22 March). 7 is a safe bound.
const MAX_NON_WORKING_RUN = 7;

function seek(date: IsoDate, step: 1 | -1): IsoDate {
  let d = date;
  for (let i = 0; i <= MAX_NON_WORKING_RUN; i++) {
    if (isWorkingDay(d)) return d;
    d = addDays(d, step);
  }
  throw new Error(`no working day within ${MAX_NON_WORKING_RUN} days of ${date}`);
}

/** `date` itself if it is a working day, else the first working day after it. */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  return seek(date, 1);
}

/** `date` itself if it is a working day, else the last working day before it. */
export function previousWorkingDayOnOrBefore(date: IsoDate): IsoDate {
  return seek(date, -1);
}

/** What a deadline does when it falls on a weekend or a public holiday. */
export const NON_WORKING_DAY_POLICIES = ['keep', 'next-working-day', 'previous-working-day'] as const;
export type NonWorkingDayPolicy = (typeof NON_WORKING_DAY_POLICIES)[number];

/** Applies a non-working-day policy to a date. */
export function rollToWorkingDay(date: IsoDate, policy: NonWorkingDayPolicy): IsoDate {
  switch (policy) {
    case 'keep':
      return date;
    case 'next-working-day':
      return nextWorkingDayOnOrAfter(date);
    case 'previous-working-day':
      return previousWorkingDayOnOrBefore(date);
  }
}

/**
 * Calendar dates (`YYYY-MM-DD`) and their arithmetic, with no time and no time zone.
 *
 * Everything here is integer arithmetic on a day number (days since 1970-01-01 in the proleptic
 * Gregorian calendar), so no result depends on the machine's time zone or on `Date` parsing.
 * Turning an instant into a calendar date (and back) is Europe/Paris business: see `paris.ts`.
 */

/** A calendar date, `YYYY-MM-DD` (years 0001–9999). */
export type IsoDate = string;

/** Monday = 1 … Sunday = 7 (ISO 8601). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days of a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** The number written by the ASCII digits of value[from, to), or -1 if any is not one. */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * `YYYY-MM-DD` read by its character codes, not a regular expression: every date of every workflow
 * state read is checked here (zod's isoDateSchema), and a match array and three strings per date
 * were a good part of that validation's garbage.
 */
function parts(value: string): Ymd | undefined {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-29` is false, `2028-02-29` true). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parts(value) !== undefined;
}

/** The parts of a date; throws on anything that is not a real `YYYY-MM-DD` date. */
export function parseIsoDate(value: string): Ymd {
  const p = parts(value);
  if (!p) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return p;
}

/** Builds a date from its parts; throws if the parts are not a real date. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  parseIsoDate(text);
  return text;
}

// Days since 1970-01-01 ⇄ civil date (H. Hinnant's algorithms, proleptic Gregorian calendar).
function dayNumberOf({ year, month, day }: Ymd): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilOf(dayNumber: number): Ymd {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  return dayNumberOf(parseIsoDate(date));
}

/** The date a day number (days since 1970-01-01) stands for. */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`not a whole day number: ${dayNumber}`);
  const { year, month, day } = civilOf(dayNumber);
  return isoDate(year, month, day);
}

function assertWhole(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  assertWhole(days, 'days');
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * `date` plus `months` calendar months (negative goes back), keeping the day of the month and
 * clamping it to the target month's last day when that month is shorter:
 * 31 Aug + 6 months = 28 Feb (29 in a leap year). This is how a deadline "in months" expires in
 * French procedure (Code de procédure civile, art. 641: same day of the month, or failing one,
 * the month's last day).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  assertWhole(months, 'months');
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return isoDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** -1, 0 or 1 as `a` is before, the same day as, or after `b`. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = toDayNumber(a) - toDayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** Signed number of days from `from` to `to` (`daysBetween(d, addDays(d, n)) === n`). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Day of the week, Monday = 1 … Sunday = 7. */
export function isoWeekday(date: IsoDate): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  const n = toDayNumber(date);
  return (((((n + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

export function yearOf(date: IsoDate): number {
  return parseIsoDate(date).year;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

export function isLastDayOfMonth(date: IsoDate): boolean {
  const { year, month, day } = parseIsoDate(date);
  return day === daysInMonth(year, month);
}

/**
 * Like `addMonths`, but a date on its month's last day lands on the target month's last day
 * (30 Jun + 6 months = 31 Dec; 28 Feb 2027 + 6 months = 31 Aug). Never earlier than `addMonths`.
 */
export function addMonthsKeepingMonthEnd(date: IsoDate, months: number): IsoDate {
  const same = addMonths(date, months);
  if (!isLastDayOfMonth(date)) return same;
  const { year, month } = parseIsoDate(same);
  return isoDate(year, month, daysInMonth(year, month));
}

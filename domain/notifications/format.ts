/** Dates, amounts and durations as a French reader reads them in an email. */
import { lazy } from '#domain/lazy.ts';
import { memoized } from '#domain/memoized.ts';
import { parseIsoDate, type IsoDate } from '#domain/time/iso-date.ts';
import { PARIS_TIME_ZONE } from '#domain/time/paris.ts';

// Built on first use (lazy.ts): a function that sends no email with an amount never builds it.
const euros = lazy(() => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }));

/**
 * « 12 345,67 € » from 1234567 cents (narrow no-break space between thousands, no-break space
 * before « € », as `Intl` writes them). Exact for every safe integer: the decimal string is
 * built from the integer, never divided as a float.
 */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount in cents must be a safe integer, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = String(Math.abs(cents)).padStart(3, '0');
  const decimal = `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}` as `${number}`;
  return euros().format(decimal);
}

const longDate = lazy(() => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: PARIS_TIME_ZONE }));

/**
 * « 15 septembre 2026 »; the first of a month is « 1er juillet 2026 » (French usage, which
 * `Intl` does not follow). The date is taken at noon UTC, which is the same calendar day in Paris
 * all year round.
 */
export function formatDate(date: IsoDate): string {
  return longDateOf(date);
}

// Emails name the same few hundred dates over and over (Intl's format costs microseconds).
const longDateOf = memoized(5_000, (date: IsoDate) => {
  const { year, month, day } = parseIsoDate(date);
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(12, 0, 0, 0);
  const text = longDate().format(instant);
  return day === 1 ? text.replace(/^1(?=\s)/, '1er') : text;
});

/** « du 1er janvier 2026 au 31 décembre 2026 » */
export function formatPeriod(start: IsoDate, end: IsoDate): string {
  return `du ${formatDate(start)} au ${formatDate(end)}`;
}

/** « 1 jour », « 8 jours » */
export function formatDays(days: number): string {
  return `${days} jour${Math.abs(days) >= 2 ? 's' : ''}`;
}

/**
 * Europe/Paris calendar days. The call's dates ("du 12 janvier 2026", "8 jours avant le comité")
 * are Paris calendar days; an instant is turned into one here and nowhere else.
 *
 * Only `Intl` with an explicit time zone and UTC arithmetic are used, so nothing depends on the
 * machine's own time zone (TZ). A Paris day lasts 24 h, except the last Sunday of March (23 h)
 * and the last Sunday of October (25 h); the clocks change at 01:00 UTC, never at midnight.
 */
import { lazy } from '../lazy.ts';
import { memoized } from '../memoized.ts';
import type { Clock } from './clock.ts';
import { addDays, isoDate, toDayNumber, type IsoDate } from './iso-date.ts';

export type { IsoDate } from './iso-date.ts';

export const PARIS_TIME_ZONE = 'Europe/Paris';

const MS_PER_DAY = 86_400_000;

// Built on first use (lazy.ts): not every invocation asks for a Paris date.
const parisDateFormat = lazy(
  () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: PARIS_TIME_ZONE,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      era: 'short',
    }),
);

const MS_PER_HOUR = 3_600_000;

/** 2000-01-01T00:00Z: since 1996 Paris changes its clocks at 01:00 UTC (EU rule), by whole hours. */
const WHOLE_HOURS_SINCE = 946_684_800_000;

/**
 * `compute`, remembered by UTC hour: Paris changes its clocks at 01:00 UTC and its days start at
 * 22:00 or 23:00 UTC, so within one UTC hour the Paris date and offset never change (since 2000;
 * before, computed at each instant). `Intl`'s formatToParts costs microseconds and the workflow
 * asks for the same few hours over and over (its clock's now).
 */
function byHour<V>(compute: (instant: Date) => V): (instant: Date) => V {
  const ofHour = memoized(10_000, (hour: number) => compute(new Date(hour * MS_PER_HOUR)));
  return (instant) => {
    const time = instant.getTime();
    return time >= WHOLE_HOURS_SINCE ? ofHour(Math.floor(time / MS_PER_HOUR)) : compute(instant);
  };
}

const parisDateByHour = byHour((instant): IsoDate => {
  const p = parisDateFormat().formatToParts(instant);
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(p.find((x) => x.type === type)?.value);
  if (p.find((x) => x.type === 'era')?.value !== 'AD') throw new RangeError(`instant out of range: ${instant.toISOString()}`);
  return isoDate(value('year'), value('month'), value('day'));
});

/** The Paris calendar date an instant falls on. */
export function parisDateOf(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid instant');
  return parisDateByHour(instant);
}

/** Today's Paris calendar date by the given clock. */
export function parisToday(clock: Clock): IsoDate {
  return parisDateOf(clock.now());
}

const offsetFormat = lazy(() => new Intl.DateTimeFormat('en-US', { timeZone: PARIS_TIME_ZONE, timeZoneName: 'longOffset' }));

const parisOffsetByHour = byHour((instant): number => {
  const name =
    offsetFormat()
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0; // "GMT": offset zero
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3]));
});

/** Paris's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function parisOffsetMinutes(instant: Date): number {
  return parisOffsetByHour(instant);
}

/** The instant a Paris calendar day starts (00:00 Paris time). */
export function startOfParisDay(date: IsoDate): Date {
  const utcMidnight = toDayNumber(date) * MS_PER_DAY;
  // Guess with the offset at UTC midnight, then take the offset at the guess: exact, since
  // Paris changes its clocks at 01:00 UTC, never around local midnight.
  const guess = utcMidnight - parisOffsetMinutes(new Date(utcMidnight)) * 60_000;
  return new Date(utcMidnight - parisOffsetMinutes(new Date(guess)) * 60_000);
}

/** The last millisecond of a Paris calendar day: a deadline "on day D" holds until then. */
export function endOfParisDay(date: IsoDate): Date {
  return new Date(startOfParisDay(addDays(date, 1)).getTime() - 1);
}

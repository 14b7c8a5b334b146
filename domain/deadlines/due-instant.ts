/**
 * From a due date to the instants the machines use. A deadline "on day D" holds until the last
 * millisecond of D in Paris (Code de procédure civile, art. 642: « Tout délai expire le dernier
 * jour à vingt-quatre heures »); it is missed from 00:00 Paris time the day after.
 */
import type { IsoDate } from '#domain/time/iso-date.ts';
import { endOfParisDay } from '#domain/time/paris.ts';

/** The last instant a deadline due on `date` is still met: 23:59:59.999 Paris time. */
export function dueInstant(date: IsoDate): Date {
  return endOfParisDay(date);
}

/** Whether a deadline due on `date` is missed at `now`. */
export function isPastDue(date: IsoDate, now: Date): boolean {
  return now.getTime() > dueInstant(date).getTime();
}

/**
 * Whole seconds from `now` until `instant` has passed (is over: its millisecond is behind us),
 * rounded up, so a timer of that length never fires while the deadline still holds — with
 * `dueInstant(d)` that is 00:00 Paris time the day after `d` — and never negative: 0 once the
 * instant has passed. For a Step Functions `TimeoutSeconds`, which must be at least 1, take
 * `Math.max(1, …)`.
 */
export function secondsUntil(instant: Date, now: Date): number {
  const ms = instant.getTime() + 1 - now.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid instant');
  return ms <= 0 ? 0 : Math.ceil(ms / 1000);
}

/**
 * When the debtor of a deadline is reminded: each kind's reminder offsets (data/deadline-kinds.json,
 * `reminders`), counted in calendar days from the due date, then moved to a working day by
 * `reminderRoll` — a reminder before the due date moves earlier (the warning is never
 * shortened), one after it moves later (it never precedes the breach).
 */
import { addDays, compareDates, type IsoDate } from '#domain/time/iso-date.ts';
import { rollToWorkingDay } from '#domain/time/working-days.ts';
import { deadlineKind, REMINDER_ROLL, type DeadlineKind, type DeadlineKindName, type ReminderRoll } from './deadline-kinds.ts';

export interface Reminder {
  /** The day to send it. */
  on: IsoDate;
  when: 'before' | 'after';
  /** Calendar days from the due date, as written in the data. */
  days: number;
  /** Stable within a deadline (`before-30`, `after-1`): with the deadline's id, an idempotency key. */
  key: string;
}

export interface ReminderOptions {
  /** Drop reminders that would fall before this day (e.g. the anchor: a comité recorded late). */
  notBefore?: IsoDate;
}

/** The reminders of a deadline of kind `kind` due on `due`, in date order, one per day at most. */
export function remindersOf(
  kind: DeadlineKind,
  due: IsoDate,
  options: ReminderOptions = {},
  roll: ReminderRoll = REMINDER_ROLL,
): Reminder[] {
  const all = kind.reminders
    .map((r) => ({
      on: r.when === 'before' ? rollToWorkingDay(addDays(due, -r.days), roll.before) : rollToWorkingDay(addDays(due, r.days), roll.after),
      when: r.when,
      days: r.days,
      key: `${r.when}-${r.days}`,
    }))
    .filter((r) => options.notBefore === undefined || compareDates(r.on, options.notBefore) >= 0)
    // Earliest first; on a tie the one written furthest from the due date (the stronger warning) is kept.
    .sort((a, b) => compareDates(a.on, b.on) || (a.when === b.when ? (a.when === 'before' ? b.days - a.days : a.days - b.days) : 0));
  return all.filter((r, i) => i === 0 || all[i - 1]?.on !== r.on);
}

/** The reminders of a deadline of a named kind due on `due`. */
export function remindersFor(name: DeadlineKindName, due: IsoDate, options: ReminderOptions = {}): Reminder[] {
  return remindersOf(deadlineKind(name), due, options);
}

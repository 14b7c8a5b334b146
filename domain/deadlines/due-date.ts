/**
 * The due date of a deadline: its anchor date moved by the kind's offset, then moved off a
 * weekend or public holiday by the kind's policy. Days are calendar days and the anchor day does
 * not count (Code de procédure civile, art. 641: 15 days from the 1st is the 16th); months keep
 * the day of the month, clamped to the month's end (art. 641 again).
 */
import { addDays, addMonths, addMonthsKeepingMonthEnd, type IsoDate } from '#domain/time/iso-date.ts';
import { rollToWorkingDay } from '#domain/time/working-days.ts';
import { deadlineKind, type DeadlineKind, type DeadlineKindName, type DeadlineOffset } from './deadline-kinds.ts';

/** The offset's amount: the kind's own, or the one the caller gives for a "given" amount. */
export function offsetAmount(offset: DeadlineOffset, given: number | undefined, what = 'this deadline'): number {
  if (offset.amount === 'given') {
    if (given === undefined) throw new Error(`${what} needs its amount (${offset.givenBy})`);
    if (!Number.isInteger(given) || given < 0) throw new RangeError(`${what}: amount must be a whole number ≥ 0, got ${given}`);
    return given;
  }
  if (given !== undefined) throw new Error(`${what} has a fixed amount (${offset.amount} ${offset.unit}); none may be given`);
  return offset.amount;
}

/** The anchor moved by the offset, before any non-working-day rule. */
export function rawDueDate(offset: DeadlineOffset, anchor: IsoDate, given?: number, what?: string): IsoDate {
  const amount = offsetAmount(offset, given, what);
  const signed = offset.direction === 'before' ? -amount : amount;
  if (offset.unit === 'days') return addDays(anchor, signed);
  return offset.monthCounting === 'keep-month-end' ? addMonthsKeepingMonthEnd(anchor, signed) : addMonths(anchor, signed);
}

/** The due date of a deadline of kind `kind` counted from `anchor`. */
export function dueDateFor(kind: DeadlineKind, anchor: IsoDate, given?: number, what = `deadline '${kind.anchor}'`): IsoDate {
  return rollToWorkingDay(rawDueDate(kind.offset, anchor, given, what), kind.onNonWorkingDay);
}

/**
 * The due date of a deadline of a named kind (data/deadline-kinds.json) counted from its anchor
 * date; `given` is the amount for kinds whose amount is "given" (bilan, instruction-task).
 */
export function dueDate(name: DeadlineKindName, anchor: IsoDate, given?: number): IsoDate {
  return dueDateFor(deadlineKind(name), anchor, given, `deadline kind '${name}'`);
}

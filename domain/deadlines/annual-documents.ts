/**
 * The porteur's annual documents (activity report, annual accounts, auditor's report, staff
 * missions table, general ledger balance).
 * Call: « la structure devra annuellement et dans les 6 mois suivant la fin de l'exercice,
 * transmettre les documents suivants […] A défaut, le Département pourra suspendre les
 * contributions financières ». The fiscal year is the porteur's own: it does not always end on
 * 31 December. Kind `annual-documents` in data/deadline-kinds.json.
 */
import * as z from 'zod/mini';
import { daysInMonth, isoDate, type IsoDate } from '#domain/time/iso-date.ts';
import { dueDate } from './due-date.ts';

/** A fiscal year's closing day, `MM-DD` (e.g. `12-31`, `06-30`; `02-29` means February's last day). */
export type MonthDay = string;

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

function monthDayParts(value: string): { month: number; day: number } | undefined {
  const m = MONTH_DAY.exec(value);
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) return undefined;
  return { month, day };
}

export function isMonthDay(value: unknown): value is MonthDay {
  return typeof value === 'string' && monthDayParts(value) !== undefined;
}

/** zod schema of a fiscal year's closing day. */
export const monthDaySchema = z.string().check(z.refine(isMonthDay, { message: 'jour de clôture attendu au format MM-JJ' }));

/**
 * The last day of the fiscal year that ends in calendar year `fiscalYear` (the fiscal year
 * "2026" closing `06-30` ends on 2026-06-30). `02-29` is February's last day in any year.
 */
export function fiscalYearEndDate(fiscalYearEnd: MonthDay, fiscalYear: number): IsoDate {
  const parts = monthDayParts(fiscalYearEnd);
  if (!parts) throw new RangeError(`not a fiscal year end (MM-DD): ${JSON.stringify(fiscalYearEnd)}`);
  if (!Number.isInteger(fiscalYear)) throw new RangeError(`not a year: ${fiscalYear}`);
  return isoDate(fiscalYear, parts.month, Math.min(parts.day, daysInMonth(fiscalYear, parts.month)));
}

/** The last day to send the annual documents of the fiscal year closing `fiscalYearEnd` in `fiscalYear`. */
export function annualDocumentsDueDate(fiscalYearEnd: MonthDay, fiscalYear: number): IsoDate {
  return dueDate('annual-documents', fiscalYearEndDate(fiscalYearEnd, fiscalYear));
}

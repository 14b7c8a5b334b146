import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addMonthsKeepingMonthEnd,
  compareDates,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isIsoDate,
  isLastDayOfMonth,
  isLeapYear,
  isoDate,
  isoWeekday,
  maxDate,
  minDate,
  parseIsoDate,
  toDayNumber,
} from '#domain/time/iso-date.ts';
import { isoDateSchema } from '#domain/time/iso-date-schema.ts';
import { workflowStateSchema } from '#domain/workflow/state.ts';
import { anyDate, edgyDate, monthEndDate } from './arbitraries.ts';

/** An independent oracle: the built-in Date in UTC (never the local time zone). */
function viaDateUtc(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days);
  return new Date(t).toISOString().slice(0, 10);
}

describe('calendar dates', () => {
  it('accept only real YYYY-MM-DD dates', () => {
    for (const ok of ['2026-01-01', '2028-02-29', '2000-02-29', '2026-12-31', '0001-01-01', '9999-12-31']) {
      expect(isIsoDate(ok), ok).toBe(true);
    }
    for (const bad of [
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-1',
      '20260101',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '0000-01-01',
      '',
      20260101,
      null,
      undefined,
    ]) {
      expect(isIsoDate(bad), String(bad)).toBe(false);
    }
    expect(() => parseIsoDate('2026-02-30')).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => isoDate(2027, 2, 29)).toThrow(RangeError);
    expect(isoDateSchema.safeParse('2028-02-29').success).toBe(true);
    expect(isoDateSchema.safeParse('2027-02-29').success).toBe(false);
  });

  it('have one zod schema, saying in French what is wrong, that the workflow state uses too', () => {
    const message = (value: unknown) => isoDateSchema.safeParse(value).error?.issues[0]?.message;
    expect(message(undefined)).toBe('champ obligatoire');
    expect(message(20260301)).toBe('doit être une date au format AAAA-MM-JJ');
    expect(message('2026-02-30')).toBe('doit être une date réelle au format AAAA-MM-JJ');
    expect(workflowStateSchema.safeParse({ operation: { startDate: '2026-03-01', endDate: '2026-02-30' } }).success).toBe(false);
  });

  it('know leap years and month lengths', () => {
    expect([1900, 2000, 2024, 2026, 2028, 2100].map(isLeapYear)).toEqual([false, true, true, false, true, false]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(isLastDayOfMonth('2028-02-29')).toBe(true);
    expect(isLastDayOfMonth('2028-02-28')).toBe(false);
  });

  it('add days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // Paris DST day: a calendar day all the same
    expect(addDays('2026-05-18', -8)).toBe('2026-05-10');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('2028-01-01', 366)).toBe('2029-01-01');
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
  });

  it('add days as the built-in UTC calendar does (property)', () => {
    fc.assert(fc.property(edgyDate, fc.integer({ min: -800, max: 800 }), (d, n) => addDays(d, n) === viaDateUtc(d, n)));
  });

  it('number days from 1970-01-01 and back (property)', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2026-01-01')).toBe(Date.UTC(2026, 0, 1) / 86_400_000);
    fc.assert(fc.property(anyDate, (d) => fromDayNumber(toDayNumber(d)) === d));
  });

  it('add months, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-12-31', 6)).toBe('2027-06-30');
    expect(addMonths('2026-06-30', 6)).toBe('2026-12-30');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-05-10', 0)).toBe('2026-05-10');
  });

  it('add months: never overflows into the next month, keeps the day when it can (property)', () => {
    fc.assert(
      fc.property(fc.oneof(edgyDate, monthEndDate), fc.integer({ min: -120, max: 120 }), (d, n) => {
        const { year, month, day } = parseIsoDate(d);
        const r = parseIsoDate(addMonths(d, n));
        const index = year * 12 + month - 1 + n;
        expect(r.year * 12 + r.month - 1).toBe(index);
        expect(r.day).toBe(Math.min(day, daysInMonth(r.year, r.month)));
      }),
    );
  });

  it('add months keeping a month end a month end', () => {
    expect(addMonthsKeepingMonthEnd('2026-06-30', 6)).toBe('2026-12-31');
    expect(addMonthsKeepingMonthEnd('2026-12-31', 6)).toBe('2027-06-30');
    expect(addMonthsKeepingMonthEnd('2027-02-28', 6)).toBe('2027-08-31');
    expect(addMonthsKeepingMonthEnd('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsKeepingMonthEnd('2027-09-30', 5)).toBe('2028-02-29');
    expect(addMonthsKeepingMonthEnd('2026-01-30', 1)).toBe('2026-02-28'); // not a month end: same day, clamped
    expect(addMonthsKeepingMonthEnd('2026-06-15', 6)).toBe('2026-12-15');
  });

  it('add months keeping a month end: same month as addMonths, never earlier (property)', () => {
    fc.assert(
      fc.property(fc.oneof(edgyDate, monthEndDate), fc.integer({ min: 0, max: 60 }), (d, n) => {
        const same = addMonths(d, n);
        const kept = addMonthsKeepingMonthEnd(d, n);
        expect(kept.slice(0, 7)).toBe(same.slice(0, 7));
        expect(compareDates(kept, same)).toBeGreaterThanOrEqual(0);
        expect(isLastDayOfMonth(kept)).toBe(isLastDayOfMonth(d) || isLastDayOfMonth(same));
      }),
    );
  });

  it('compare dates and count the days between them', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(daysBetween('2026-03-31', '2026-03-01')).toBe(-30);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(minDate('2026-05-01', '2026-04-30')).toBe('2026-04-30');
    expect(maxDate('2026-05-01', '2026-04-30')).toBe('2026-05-01');
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const e = addDays(d, n);
        expect(daysBetween(d, e)).toBe(n);
        expect(compareDates(d, e)).toBe(Math.sign(-n) || 0);
        // YYYY-MM-DD sorts as text in date order
        expect(Math.sign(d.localeCompare(e))).toBe(compareDates(d, e));
      }),
    );
  });

  it('give the ISO weekday', () => {
    expect(isoWeekday('2026-01-01')).toBe(4); // Thursday
    expect(isoWeekday('2026-03-29')).toBe(7); // Sunday, DST change
    expect(isoWeekday('2026-05-18')).toBe(1);
    expect(isoWeekday('2028-02-29')).toBe(2);
    expect(isoWeekday('1969-12-31')).toBe(3);
    fc.assert(
      fc.property(anyDate, (d) => {
        const js = new Date(`${d}T12:00:00Z`).getUTCDay();
        expect(isoWeekday(d)).toBe(js === 0 ? 7 : js);
      }),
    );
  });
});

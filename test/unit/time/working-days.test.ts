import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, compareDates, daysBetween, isoWeekday } from '#domain/time/iso-date.ts';
import { isPublicHoliday } from '#domain/time/public-holidays.ts';
import {
  isWeekend,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  previousWorkingDayOnOrBefore,
  rollToWorkingDay,
} from '#domain/time/working-days.ts';
import { edgyDate, holidayEdgeDate } from './arbitraries.ts';

describe('working days', () => {
  it('are Monday to Friday, save public holidays', () => {
    expect(isWorkingDay('2026-05-13')).toBe(true); // Wednesday
    expect(isWorkingDay('2026-05-14')).toBe(false); // Ascension
    expect(isWorkingDay('2026-05-16')).toBe(false); // Saturday
    expect(isWorkingDay('2026-05-17')).toBe(false); // Sunday
    expect(isWorkingDay('2027-05-17')).toBe(false); // Whit Monday
    expect(isWeekend('2026-05-16')).toBe(true);
    expect(isWeekend('2026-05-14')).toBe(false);
  });

  it('roll forward and backward over weekends and holidays', () => {
    expect(nextWorkingDayOnOrAfter('2026-05-13')).toBe('2026-05-13');
    expect(nextWorkingDayOnOrAfter('2026-04-04')).toBe('2026-04-07'); // Sat → Easter Monday → Tue
    expect(nextWorkingDayOnOrAfter('2026-12-25')).toBe('2026-12-28');
    expect(nextWorkingDayOnOrAfter('2027-05-15')).toBe('2027-05-18'); // weekend + Whit Monday
    expect(nextWorkingDayOnOrAfter('2026-12-31')).toBe('2026-12-31');
    expect(nextWorkingDayOnOrAfter('2027-01-01')).toBe('2027-01-04'); // New Year (Fri) + weekend
    expect(previousWorkingDayOnOrBefore('2026-05-10')).toBe('2026-05-07'); // Sun, Sat, 8 May (Fri) → Thu
    expect(previousWorkingDayOnOrBefore('2026-04-06')).toBe('2026-04-03'); // Easter Monday → Fri (no Good Friday here)
    expect(previousWorkingDayOnOrBefore('2027-01-03')).toBe('2026-12-31'); // across the year end
    // the longest run: Friday 8 May, the weekend, Whit Monday 11 May (Easter on 22 March, 2285)
    expect(nextWorkingDayOnOrAfter('2285-05-08')).toBe('2285-05-12');
    expect(previousWorkingDayOnOrBefore('2285-05-11')).toBe('2285-05-07');
  });

  it('apply a non-working-day policy', () => {
    expect(rollToWorkingDay('2026-05-16', 'keep')).toBe('2026-05-16');
    expect(rollToWorkingDay('2026-05-16', 'next-working-day')).toBe('2026-05-18');
    expect(rollToWorkingDay('2026-05-16', 'previous-working-day')).toBe('2026-05-15');
  });

  const dates = fc.oneof(edgyDate, holidayEdgeDate);

  it('next: a working day, never before the date, nothing skipped (property)', () => {
    fc.assert(
      fc.property(dates, (d) => {
        const r = nextWorkingDayOnOrAfter(d);
        expect(isWorkingDay(r)).toBe(true);
        expect(compareDates(r, d)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(d, r)).toBeLessThanOrEqual(4);
        for (let x = d; x !== r; x = addDays(x, 1)) expect(isWorkingDay(x)).toBe(false);
        if (isWorkingDay(d)) expect(r).toBe(d);
      }),
    );
  });

  it('previous: a working day, never after the date, nothing skipped (property)', () => {
    fc.assert(
      fc.property(dates, (d) => {
        const r = previousWorkingDayOnOrBefore(d);
        expect(isWorkingDay(r)).toBe(true);
        expect(compareDates(r, d)).toBeLessThanOrEqual(0);
        expect(daysBetween(r, d)).toBeLessThanOrEqual(4);
        for (let x = d; x !== r; x = addDays(x, -1)) expect(isWorkingDay(x)).toBe(false);
      }),
    );
  });

  it('a working day is a weekday that is not a holiday (property)', () => {
    fc.assert(fc.property(dates, (d) => isWorkingDay(d) === (isoWeekday(d) <= 5 && !isPublicHoliday(d))));
  });
});

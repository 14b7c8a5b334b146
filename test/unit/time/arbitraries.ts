/**
 * fast-check arbitraries of calendar dates, biased to where date code breaks: Paris DST changes
 * (last Sunday of March and October), month ends (28/29/30/31, leap years), year ends and
 * public holidays.
 */
import fc from 'fast-check';
import { addDays, daysInMonth, fromDayNumber, isoDate, isoWeekday, toDayNumber, type IsoDate } from '#domain/time/iso-date.ts';
import { publicHolidays } from '#domain/time/public-holidays.ts';

/** The last Sunday of a month: where the EU (and Paris, since 1996) changes its clocks in March and October. */
export function lastSundayOf(year: number, month: number): IsoDate {
  const last = isoDate(year, month, daysInMonth(year, month));
  return addDays(last, -(isoWeekday(last) % 7));
}

const FROM = toDayNumber('1900-01-01');
const TO = toDayNumber('2199-12-31');

/** Any date of 1900–2199. */
export const anyDate = fc.integer({ min: FROM, max: TO }).map(fromDayNumber);

/** Dates a few days around a Paris DST change (1996–2099: the current EU rule). */
export const dstEdgeDate = fc
  .tuple(fc.integer({ min: 1996, max: 2099 }), fc.constantFrom(3, 10), fc.integer({ min: -3, max: 3 }))
  .map(([y, m, d]) => addDays(lastSundayOf(y, m), d));

/** Dates a few days around a month's end, leap Februaries included. */
export const monthEndDate = fc
  .tuple(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: -3, max: 2 }))
  .map(([y, m, d]) => addDays(isoDate(y, m, daysInMonth(y, m)), d));

/** Dates around New Year. */
export const yearEndDate = fc
  .tuple(fc.integer({ min: 1900, max: 2198 }), fc.integer({ min: -4, max: 4 }))
  .map(([y, d]) => addDays(isoDate(y, 12, 31), d));

/** Dates a few days around a French public holiday. */
export const holidayEdgeDate = fc
  .tuple(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: -3, max: 3 }))
  .map(([y, i, d]) => {
    const list = publicHolidays(y);
    return addDays(list[i % list.length]!.date, d);
  });

/** A mix of ordinary and edge dates. */
export const edgyDate = fc.oneof(anyDate, dstEdgeDate, monthEndDate, yearEndDate, holidayEdgeDate);

/** A mix of edge dates within 1996–2099 (where Paris follows the current DST rule). */
export const edgyModernDate = fc.oneof(
  fc.integer({ min: toDayNumber('1996-01-01'), max: toDayNumber('2099-12-30') }).map(fromDayNumber),
  dstEdgeDate,
  monthEndDate.filter((d) => d >= '1996-01-01' && d < '2099-12-31'),
  yearEndDate.filter((d) => d >= '1996-01-01' && d < '2099-12-31'),
  holidayEdgeDate.filter((d) => d >= '1996-01-01' && d < '2099-12-31'),
);

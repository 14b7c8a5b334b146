import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, isoWeekday } from '#domain/time/iso-date.ts';
import { endOfParisDay, parisDateOf, parisOffsetMinutes, parisToday, startOfParisDay } from '#domain/time/paris.ts';
import { ManualClock } from '#domain/time/clock.ts';
import { isPublicHoliday, publicHolidays } from '#domain/time/public-holidays.ts';
import { nextWorkingDayOnOrAfter } from '#domain/time/working-days.ts';
import { dstEdgeDate, edgyModernDate, lastSundayOf } from './arbitraries.ts';

const HOUR = 3_600_000;

describe('Paris calendar days', () => {
  it('turn instants into the Paris date, around midnight and the DST changes', () => {
    expect(parisDateOf(new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(parisDateOf(new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15'); // winter: UTC+1
    expect(parisDateOf(new Date('2026-07-14T21:59:59.999Z'))).toBe('2026-07-14');
    expect(parisDateOf(new Date('2026-07-14T22:00:00.000Z'))).toBe('2026-07-15'); // summer: UTC+2
    expect(parisDateOf(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
    expect(parisToday(new ManualClock('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(() => parisDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('know the offsets on each side of the changes of 2026', () => {
    expect(parisOffsetMinutes(new Date('2026-03-29T00:59:59.999Z'))).toBe(60);
    expect(parisOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
    expect(parisOffsetMinutes(new Date('2026-10-25T00:59:59.999Z'))).toBe(120);
    expect(parisOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('start and end each day at Paris midnight, including the DST days', () => {
    expect(startOfParisDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfParisDay('2026-03-29').toISOString()).toBe('2026-03-29T21:59:59.999Z'); // 23-hour day
    expect(startOfParisDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(endOfParisDay('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.999Z'); // 25-hour day
    expect(startOfParisDay('2026-07-14').toISOString()).toBe('2026-07-13T22:00:00.000Z');
    expect(endOfParisDay('2026-12-31').toISOString()).toBe('2026-12-31T22:59:59.999Z');
    expect(() => startOfParisDay('2026-02-30')).toThrow(RangeError);
  });

  it('a day starts before it ends, both fall on it, and its end + 1 ms starts the next day (property)', () => {
    fc.assert(
      fc.property(edgyModernDate, (d) => {
        const start = startOfParisDay(d);
        const end = endOfParisDay(d);
        expect(start.getTime()).toBeLessThan(end.getTime());
        expect(parisDateOf(start)).toBe(d);
        expect(parisDateOf(end)).toBe(d);
        expect(parisDateOf(new Date(start.getTime() - 1))).toBe(addDays(d, -1));
        expect(end.getTime() + 1).toBe(startOfParisDay(addDays(d, 1)).getTime());
      }),
    );
  });

  it('a Paris day lasts 23 h on the last Sunday of March, 25 h on the last Sunday of October, 24 h otherwise (property)', () => {
    fc.assert(
      fc.property(fc.oneof(dstEdgeDate, edgyModernDate), (d) => {
        const year = Number(d.slice(0, 4));
        const length = endOfParisDay(d).getTime() + 1 - startOfParisDay(d).getTime();
        const expected = d === lastSundayOf(year, 3) ? 23 : d === lastSundayOf(year, 10) ? 25 : 24;
        expect(length).toBe(expected * HOUR);
      }),
    );
  });

  it('every instant falls in the Paris day that contains it (property)', () => {
    const from = Date.parse('1996-01-01T00:00:00Z');
    const to = Date.parse('2099-12-30T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (t) => {
        const d = parisDateOf(new Date(t));
        expect(startOfParisDay(d).getTime()).toBeLessThanOrEqual(t);
        expect(endOfParisDay(d).getTime()).toBeGreaterThanOrEqual(t);
      }),
    );
  });
});

describe('independence from the machine time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  /** Results around the 2026 DST changes, month ends and holidays, whatever the process TZ. */
  function fingerprint() {
    return {
      startMarch: startOfParisDay('2026-03-29').toISOString(),
      endMarch: endOfParisDay('2026-03-29').toISOString(),
      startOctober: startOfParisDay('2026-10-25').toISOString(),
      endOctober: endOfParisDay('2026-10-25').toISOString(),
      parisDateLateUtc: parisDateOf(new Date('2026-03-28T23:30:00Z')),
      parisDateAfterChange: parisDateOf(new Date('2026-10-25T22:30:00Z')),
      nextDay: addDays('2026-03-28', 1),
      clamped: addMonths('2026-08-31', 6),
      weekday: isoWeekday('2026-10-25'),
      whitMonday: isPublicHoliday('2027-05-17'),
      rolled: nextWorkingDayOnOrAfter('2026-04-04'),
      holidays: publicHolidays(2026).length,
    };
  }
  const expected = {
    startMarch: '2026-03-28T23:00:00.000Z',
    endMarch: '2026-03-29T21:59:59.999Z',
    startOctober: '2026-10-24T22:00:00.000Z',
    endOctober: '2026-10-25T22:59:59.999Z',
    parisDateLateUtc: '2026-03-29',
    parisDateAfterChange: '2026-10-25',
    nextDay: '2026-03-29',
    clamped: '2027-02-28',
    weekday: 7,
    whitMonday: true,
    rolled: '2026-04-07',
    holidays: 11,
  };

  it.each(['America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC', 'Europe/Paris'])(
    'gives the same results with TZ=%s',
    (tz) => {
      process.env.TZ = tz;
      // The switch really happened: the process's local offset is the one of that zone.
      const localOffset = new Date('2026-01-15T12:00:00Z').getTimezoneOffset();
      const zoneOffset = { 'America/New_York': 300, 'Pacific/Kiritimati': -840, 'Pacific/Pago_Pago': 660, UTC: 0, 'Europe/Paris': -60 }[tz];
      expect(localOffset).toBe(zoneOffset);
      expect(fingerprint()).toEqual(expected);
    },
  );
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, isoWeekday } from '#domain/time/iso-date.ts';
import { easterSunday, isPublicHoliday, publicHolidayOn, publicHolidays } from '#domain/time/public-holidays.ts';

describe('French public holidays', () => {
  it('compute Easter Sunday (anonymous Gregorian algorithm) for known years', () => {
    const known: Record<number, string> = {
      1583: '1583-04-10',
      1818: '1818-03-22',
      1943: '1943-04-25',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2028: '2028-04-16',
      2029: '2029-04-01',
      2030: '2030-04-21',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year)), year).toBe(date);
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });

  it('Easter is a Sunday between 22 March and 25 April (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (y) => {
        const e = easterSunday(y);
        expect(isoWeekday(e)).toBe(7);
        expect(e.slice(5) >= '03-22' && e.slice(5) <= '04-25').toBe(true);
        expect(e.slice(0, 4)).toBe(String(y).padStart(4, '0'));
      }),
    );
  });

  it('lists the eleven holidays of 2026 and 2027', () => {
    expect(publicHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
    expect(publicHolidays(2027).map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-08',
      '2027-05-17',
      '2027-07-14',
      '2027-08-15',
      '2027-11-01',
      '2027-11-11',
      '2027-12-25',
    ]);
    expect(publicHolidayOn('2026-05-14')?.name).toBe('Ascension');
    expect(publicHolidayOn('2027-05-17')?.name).toBe('Lundi de Pentecôte');
    expect(publicHolidayOn('2027-03-29')?.name).toBe('Lundi de Pâques');
  });

  it('does not count Alsace-Moselle days (Good Friday, 26 December) in the Pas-de-Calais', () => {
    expect(isPublicHoliday('2026-04-03')).toBe(false);
    expect(isPublicHoliday('2026-12-26')).toBe(false);
  });

  it('merges Ascension with 1 May when they coincide (2008)', () => {
    const h2008 = publicHolidays(2008);
    expect(h2008).toHaveLength(10);
    expect(publicHolidayOn('2008-05-01')?.name).toBe('Fête du Travail et Ascension');
  });

  it('Easter Monday and Whit Monday are Mondays, Ascension a Thursday; 11 holidays, 10 when two coincide (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (y) => {
        const e = easterSunday(y);
        expect(isPublicHoliday(addDays(e, 1))).toBe(true);
        expect(isoWeekday(addDays(e, 1))).toBe(1);
        expect(isoWeekday(addDays(e, 39))).toBe(4);
        expect(isoWeekday(addDays(e, 50))).toBe(1);
        expect(isPublicHoliday(addDays(e, 39))).toBe(true);
        expect(isPublicHoliday(addDays(e, 50))).toBe(true);
        expect(isPublicHoliday(e)).toBe(false); // Easter Sunday itself is a Sunday, not in the list
        const list = publicHolidays(y);
        const ascension = addDays(e, 39);
        expect(list).toHaveLength(ascension.endsWith('-05-01') || ascension.endsWith('-05-08') ? 10 : 11);
        expect(new Set(list.map((h) => h.date)).size).toBe(list.length);
        expect([...list.map((h) => h.date)].sort()).toEqual(list.map((h) => h.date));
      }),
    );
  });

  it('returns frozen lists', () => {
    const list = publicHolidays(2026) as unknown as { date: string }[];
    expect(() => list.push({ date: '2026-06-01' })).toThrow(TypeError);
    expect(isPublicHoliday('2026-06-01')).toBe(false);
  });
});

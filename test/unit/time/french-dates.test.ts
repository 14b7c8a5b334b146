import { describe, expect, it } from 'vitest';
import { formatDateFr } from '#domain/time/french-dates.ts';

describe('French dates', () => {
  it('read as a porteur writes them', () => {
    expect(formatDateFr('2026-06-30')).toBe('30 juin 2026');
    expect(formatDateFr('2026-05-01')).toBe('1er mai 2026');
    expect(formatDateFr('2027-08-15')).toBe('15 août 2027');
    expect(formatDateFr('2026-12-31', { weekday: true })).toBe('jeudi 31 décembre 2026');
    expect(formatDateFr('2026-03-29', { weekday: true })).toBe('dimanche 29 mars 2026');
    expect(() => formatDateFr('2026-02-30')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '#domain/time/iso-date.ts';
import { parisDateOf, startOfParisDay } from '#domain/time/paris.ts';
import { dueInstant, isPastDue, secondsUntil } from '#domain/deadlines/due-instant.ts';
import { edgyModernDate } from '../time/arbitraries.ts';

describe('due instants', () => {
  it('are the last millisecond of the Paris day', () => {
    expect(dueInstant('2028-06-30').toISOString()).toBe('2028-06-30T21:59:59.999Z');
    expect(dueInstant('2027-01-15').toISOString()).toBe('2027-01-15T22:59:59.999Z');
    expect(dueInstant('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.999Z');
  });

  it('a deadline is met through the due day and missed from the next Paris midnight', () => {
    expect(isPastDue('2026-06-30', new Date('2026-06-30T21:59:59.999Z'))).toBe(false);
    expect(isPastDue('2026-06-30', new Date('2026-06-30T22:00:00.000Z'))).toBe(true);
    expect(isPastDue('2026-06-30', new Date('2026-06-01T08:00:00Z'))).toBe(false);
  });

  it('count whole seconds until the instant has passed, never negative', () => {
    const due = dueInstant('2026-06-30');
    expect(secondsUntil(due, new Date('2026-06-30T21:00:00.000Z'))).toBe(3600); // fires at 00:00 Paris, 1 July
    expect(secondsUntil(due, new Date('2026-06-29T22:00:00.000Z'))).toBe(86_400);
    expect(secondsUntil(due, new Date('2026-06-30T21:59:59.999Z'))).toBe(1);
    expect(secondsUntil(due, new Date('2026-06-30T22:00:00.000Z'))).toBe(0);
    expect(secondsUntil(due, new Date('2027-01-01T00:00:00.000Z'))).toBe(0);
    // across the October change: 25 hours in that Paris day
    expect(secondsUntil(dueInstant('2026-10-25'), startOfParisDay('2026-10-25'))).toBe(25 * 3600);
    expect(() => secondsUntil(new Date(Number.NaN), new Date())).toThrow(RangeError);
  });

  it('a timer of secondsUntil fires once the deadline is missed, not a second later (property)', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(edgyModernDate, fc.integer({ min: from, max: from + 4 * 365 * 86_400_000 }), (date, t) => {
        const now = new Date(t);
        const s = secondsUntil(dueInstant(date), now);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(s)).toBe(true);
        const fires = new Date(t + s * 1000);
        expect(isPastDue(date, fires)).toBe(true);
        if (s > 0) {
          expect(isPastDue(date, new Date(t + (s - 1) * 1000))).toBe(false);
          expect(parisDateOf(fires)).toBe(addDays(date, 1));
        }
      }),
    );
  });
});

/**
 * parisDateOf and parisOffsetMinutes keep their results by UTC hour (domain/time/paris.ts): asked
 * in any order, at any minute of an hour, they answer what Intl answers for that very instant —
 * across the clock changes of March and October and the midnights around them.
 */
import { describe, expect, it } from 'vitest';
import { parisDateOf, parisOffsetMinutes } from '#domain/time/paris.ts';

const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });
const offsetOf = (d: Date) => {
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offset.formatToParts(d).find((p) => p.type === 'timeZoneName')!.value);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

describe('Paris dates and offsets by hour', () => {
  it('answer as Intl does for every instant, whatever instant of its hour was asked first', () => {
    // Every 7 minutes from late 2025 to early 2028 (clock changes and midnights fall on different minutes of the hour), shuffled.
    const instants: number[] = [];
    for (let t = Date.UTC(2025, 9, 20); t < Date.UTC(2028, 3, 10); t += 7 * 60_000) instants.push(t + (t % 997));
    for (let i = instants.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [instants[i], instants[j]] = [instants[j]!, instants[i]!];
    }
    const wrong = instants.filter((t) => {
      const d = new Date(t);
      return parisDateOf(d) !== date.format(d) || parisOffsetMinutes(d) !== offsetOf(d);
    });
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it('the last and first millisecond of a Paris day, winter and summer', () => {
    expect(parisDateOf(new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(parisDateOf(new Date('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
    expect(parisDateOf(new Date('2026-07-14T21:59:59.999Z'))).toBe('2026-07-14');
    expect(parisDateOf(new Date('2026-07-14T22:00:00.000Z'))).toBe('2026-07-15');
    expect(parisOffsetMinutes(new Date('2026-03-29T00:59:59.999Z'))).toBe(60);
    expect(parisOffsetMinutes(new Date('2026-03-29T01:00:00.000Z'))).toBe(120);
  });
});

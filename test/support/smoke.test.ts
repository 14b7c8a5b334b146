import { describe, expect, it } from 'vitest';
import { ManualClock } from '#domain/time/clock.ts';

describe('toolchain', () => {
  it('runs on Node 24', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
  it('ManualClock refuses to go back', () => {
    const c = new ManualClock('2026-03-01T00:00:00Z');
    expect(() => c.set('2026-02-01T00:00:00Z')).toThrow();
  });
});

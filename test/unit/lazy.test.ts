import { describe, expect, it } from 'vitest';
import { lazy } from '#domain/lazy.ts';

describe('lazy', () => {
  it('builds the value on the first call only, and never before', () => {
    let builds = 0;
    const value = lazy(() => {
      builds++;
      return { n: builds };
    });
    expect(builds).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(builds).toBe(1);
  });

  it('keeps a value that is undefined without building it again', () => {
    let builds = 0;
    const value = lazy(() => {
      builds++;
      return undefined;
    });
    value();
    value();
    expect(builds).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMAIL_RETRY_POLICY, parseRetryPolicy, retryDelaySeconds, type RetryPolicy } from '#domain/notifications/send-outbox.ts';

const file = JSON.parse(readFileSync(new URL('../../../data/email-retry.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const valid = { baseSeconds: 30, factor: 2, maxSeconds: 3600, leaseSeconds: 300 };

describe('the email retry policy (data/email-retry.json)', () => {
  it('is loaded from the data file, its $comment left out', () => {
    expect(typeof file.$comment).toBe('string');
    const { $comment: _, ...policy } = file;
    expect(EMAIL_RETRY_POLICY).toEqual(policy);
    expect(EMAIL_RETRY_POLICY).not.toHaveProperty('$comment');
    expect(Object.isFrozen(EMAIL_RETRY_POLICY)).toBe(true);
  });

  it('keeps a lease longer than the longest SES call of the Lambda (3 tries of 3 s + 10 s)', () => {
    expect(EMAIL_RETRY_POLICY.leaseSeconds).toBeGreaterThan(3 * 13);
  });

  it('accepts a valid policy, with or without a $comment', () => {
    expect(parseRetryPolicy(valid)).toEqual(valid);
    expect(parseRetryPolicy({ $comment: 'why', ...valid, factor: 1 })).toEqual({ ...valid, factor: 1 });
  });

  it.each([
    ['a missing field', { baseSeconds: 30, factor: 2, maxSeconds: 3600 }, 'leaseSeconds'],
    ['a misspelt field', { ...valid, maxSecond: 10 }, 'maxSecond'],
    ['a zero delay', { ...valid, baseSeconds: 0 }, 'baseSeconds'],
    ['a negative delay', { ...valid, maxSeconds: -1 }, 'maxSeconds'],
    ['a shrinking factor', { ...valid, factor: 0.5 }, 'factor'],
    ['a delay given as text', { ...valid, baseSeconds: '30' }, 'baseSeconds'],
    ['an infinite delay', { ...valid, maxSeconds: Number.POSITIVE_INFINITY }, 'maxSeconds'],
    ['a maximum below the base', { ...valid, baseSeconds: 600, maxSeconds: 60 }, 'maxSeconds must be at least baseSeconds'],
    ['not an object', [valid], 'object'],
  ])('refuses %s, naming the file and what is wrong', (_what, data, says) => {
    expect(() => parseRetryPolicy(data)).toThrow(/^data\/email-retry\.json is invalid/);
    expect(() => parseRetryPolicy(data)).toThrow(says);
  });

  it('names another source when given one', () => {
    expect(() => parseRetryPolicy({}, 'EMAIL_RETRY env')).toThrow(/^EMAIL_RETRY env is invalid/);
  });
});

describe('the backoff', () => {
  const policy: RetryPolicy = { baseSeconds: 30, factor: 2, maxSeconds: 3600, leaseSeconds: 300 };

  it('grows by the factor from the base, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => retryDelaySeconds(policy, n))).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600,
    ]);
  });

  it('stays at the maximum however many tries failed (no overflow)', () => {
    expect(retryDelaySeconds(policy, 10_000)).toBe(3600);
    expect(retryDelaySeconds({ ...policy, factor: 1 }, 10_000)).toBe(30);
  });

  it('counts tries from 1', () => {
    expect(() => retryDelaySeconds(policy, 0)).toThrow(RangeError);
    expect(() => retryDelaySeconds(policy, 1.5)).toThrow(RangeError);
  });

  it('matches what the data file says in its comment (30 s, 1 min, 2 min … then hourly)', () => {
    expect([1, 2, 3, 8, 9].map((n) => retryDelaySeconds(EMAIL_RETRY_POLICY, n))).toEqual([30, 60, 120, 3600, 3600]);
  });
});

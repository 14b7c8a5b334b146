import { beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeConflictError, EnvelopeExceededError, RecordNotFoundError } from '#domain/ports/errors.ts';
import { caught, fixture, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('envelopes');
});

describe('envelopes', () => {
  it('initialises once; again with the same total is a no-op, with another total a conflict', async () => {
    const e = await f.repo.initEnvelope('1.1', 100_000_00);
    expect(e).toEqual({
      dispositifCode: '1.1',
      totalCents: 100_000_00,
      committedCents: 0,
      remainingCents: 100_000_00,
      commitments: {},
      version: 1,
    });
    await f.repo.commitToEnvelope('1.1', 'd1', 1000);
    expect((await f.repo.initEnvelope('1.1', 100_000_00)).committedCents).toBe(1000);
    await expect(f.repo.initEnvelope('1.1', 5)).rejects.toBeInstanceOf(EnvelopeConflictError);
    expect(await f.repo.getEnvelope('9.9')).toBeUndefined();
  });

  it('commits, is idempotent for the same dossier and amount, refuses another amount', async () => {
    await f.repo.initEnvelope('1.2', 10_000);
    const e1 = await f.repo.commitToEnvelope('1.2', 'd1', 4_000);
    expect(e1).toMatchObject({ committedCents: 4_000, remainingCents: 6_000, commitments: { d1: 4_000 }, version: 2 });
    const again = await f.repo.commitToEnvelope('1.2', 'd1', 4_000);
    expect(again).toMatchObject({ committedCents: 4_000, commitments: { d1: 4_000 }, version: 2 });
    const err = await caught(() => f.repo.commitToEnvelope('1.2', 'd1', 3_000));
    expect(err).toBeInstanceOf(EnvelopeConflictError);
    expect((await f.repo.getEnvelope('1.2'))?.committedCents).toBe(4_000);
  });

  it('refuses a commitment past the total, saying what remains, and changes nothing', async () => {
    await f.repo.initEnvelope('1.3', 10_000);
    await f.repo.commitToEnvelope('1.3', 'd1', 7_000);
    const err = await caught(() => f.repo.commitToEnvelope('1.3', 'd2', 3_001));
    expect(err).toBeInstanceOf(EnvelopeExceededError);
    expect(err).toMatchObject({ requestedCents: 3_001, remainingCents: 3_000 });
    expect(await f.repo.getEnvelope('1.3')).toMatchObject({ committedCents: 7_000, commitments: { d1: 7_000 }, version: 2 });
    // Exactly to the total is fine.
    expect(await f.repo.commitToEnvelope('1.3', 'd2', 3_000)).toMatchObject({ committedCents: 10_000, remainingCents: 0 });
  });

  it('concurrent commitments whose sum exceeds the total never overcommit', async () => {
    await f.repo.initEnvelope('2.1', 100_000);
    const amounts = Array.from({ length: 15 }, (_, i) => 10_000 + i * 1_000); // sum 255,000 > 100,000
    const results = await Promise.allSettled(amounts.map((c, i) => f.repo.commitToEnvelope('2.1', `dossier-${i}`, c)));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const r of refused) expect(r.reason).toBeInstanceOf(EnvelopeExceededError);
    expect(refused.length).toBeGreaterThan(0);
    const env = (await f.repo.getEnvelope('2.1'))!;
    expect(env.committedCents).toBeLessThanOrEqual(env.totalCents);
    expect(env.committedCents + env.remainingCents).toBe(env.totalCents);
    const committed = Object.values(env.commitments).reduce((a, b) => a + b, 0);
    expect(committed).toBe(env.committedCents);
    // Exactly the fulfilled ones hold a commitment, with their amount.
    results.forEach((r, i) => {
      expect(env.commitments[`dossier-${i}`]).toBe(r.status === 'fulfilled' ? amounts[i] : undefined);
    });
    // Every refusal was right when it was decided: the amount did not fit what the others left.
    for (const r of refused) {
      const e = r.reason as EnvelopeExceededError;
      expect(e.requestedCents).toBeGreaterThan(e.remainingCents);
    }
  });

  it('releases a commitment once, giving it back', async () => {
    await f.repo.initEnvelope('2.2', 10_000);
    await f.repo.commitToEnvelope('2.2', 'd1', 6_000);
    await f.repo.commitToEnvelope('2.2', 'd2', 4_000);
    await expect(f.repo.commitToEnvelope('2.2', 'd3', 1)).rejects.toBeInstanceOf(EnvelopeExceededError);
    expect(await f.repo.releaseFromEnvelope('2.2', 'd1')).toBe(true);
    expect(await f.repo.releaseFromEnvelope('2.2', 'd1')).toBe(false);
    expect(await f.repo.getEnvelope('2.2')).toMatchObject({ committedCents: 4_000, remainingCents: 6_000, commitments: { d2: 4_000 } });
    expect(await f.repo.commitToEnvelope('2.2', 'd3', 6_000)).toMatchObject({ committedCents: 10_000 });
  });

  it('concurrent releases of the same commitment give it back once', async () => {
    await f.repo.initEnvelope('2.3', 10_000);
    await f.repo.commitToEnvelope('2.3', 'd1', 5_000);
    const results = await Promise.all(Array.from({ length: 5 }, () => f.repo.releaseFromEnvelope('2.3', 'd1')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await f.repo.getEnvelope('2.3')).toMatchObject({ committedCents: 0, remainingCents: 10_000, commitments: {} });
  });

  it('refuses a missing envelope and amounts that are not whole positive cents', async () => {
    await expect(f.repo.commitToEnvelope('none', 'd', 1)).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(f.repo.releaseFromEnvelope('none', 'd')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(f.repo.commitToEnvelope('1.1', 'd', 0)).rejects.toThrow(RangeError);
    await expect(f.repo.commitToEnvelope('1.1', 'd', 12.5)).rejects.toThrow(RangeError);
    await expect(f.repo.initEnvelope('x', -1)).rejects.toThrow(RangeError);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedError } from '#domain/ports/errors.ts';
import { keys } from '#adapters/dynamodb/keys.ts';
import { caught, fixture, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('idempotency', { retention: { idempotencyRecord: 1 } });
});

describe('idempotency records', () => {
  it('stores a result, replays it for the same fingerprint, refuses another fingerprint', async () => {
    const result = { dossierId: 'd-1', reference: 'AAP26-1.1-000001', nested: { ok: true, n: null } };
    const first = await f.repo.putIdempotencyRecord('submission', 'key-1', 'sha256:aaa', result);
    expect(first.stored).toBe(true);
    expect(first.record).toMatchObject({ scope: 'submission', key: 'key-1', fingerprint: 'sha256:aaa', result, version: 1 });
    expect(first.record.ttl).toBe(Math.floor(f.clock.now().getTime() / 1000) + 86_400);

    const replay = await f.repo.putIdempotencyRecord('submission', 'key-1', 'sha256:aaa', { other: 1 });
    expect(replay).toEqual({ stored: false, record: first.record });

    const err = await caught(() => f.repo.putIdempotencyRecord('submission', 'key-1', 'sha256:bbb', result));
    expect(err).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await f.repo.getIdempotencyRecord('submission', 'key-1')).toEqual(first.record);
    expect(await f.repo.getIdempotencyRecord('submission', 'key-1', 'sha256:aaa')).toEqual(first.record);
    await expect(f.repo.getIdempotencyRecord('submission', 'key-1', 'sha256:bbb')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('keeps scopes apart', async () => {
    await f.repo.putIdempotencyRecord('decision', 'same-key', 'fp-1', 'approved');
    expect(await f.repo.getIdempotencyRecord('submission', 'same-key')).toBeUndefined();
    expect((await f.repo.putIdempotencyRecord('submission', 'same-key', 'fp-2', 'other')).stored).toBe(true);
  });

  it('of concurrent first uses of a key, one stores and the others replay it', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => f.repo.putIdempotencyRecord('decision', 'race', 'fp', { attempt: i })),
    );
    expect(results.filter((r) => r.stored)).toHaveLength(1);
    const winner = results.find((r) => r.stored)!.record;
    for (const r of results) expect(r.record).toEqual(winner);
  });

  it('a record past its retention no longer counts, and the key may be used again', async () => {
    await f.repo.putIdempotencyRecord('submission', 'old', 'fp-old', 1);
    f.clock.advance(86_400_000 + 1000);
    expect(await f.repo.getIdempotencyRecord('submission', 'old')).toBeUndefined();
    expect(await f.rawItem(keys.idempotency('submission', 'old'))).toBeDefined(); // not yet deleted by storage
    const again = await f.repo.putIdempotencyRecord('submission', 'old', 'fp-new', 2);
    expect(again.stored).toBe(true);
    expect((await f.repo.getIdempotencyRecord('submission', 'old'))?.fingerprint).toBe('fp-new');
  });

  it('refuses a scope with "#"', async () => {
    await expect(f.repo.putIdempotencyRecord('a#b', 'k', 'f', 1)).rejects.toThrow(RangeError);
  });
});

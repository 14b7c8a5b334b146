import { beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalJson, GENESIS_HASH, hashEvent } from '#domain/timeline/hash-chain.ts';
import { keys } from '#adapters/dynamodb/keys.ts';
import { fixture, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('timeline');
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and refuses what JSON cannot carry', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'é' }], c: true } })).toBe('{"a":{"c":true,"d":[2,{"y":"é","z":null}]},"b":1}');
    expect(() => canonicalJson({ a: undefined })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(new Date(0))).toThrow(TypeError);
  });
});

describe('timeline', () => {
  it('appends events 1, 2, 3 chained by hash, and lists them in order', async () => {
    const e1 = await f.repo.appendTimelineEvent('tl-1', {
      type: 'submitted',
      actor: 'porteur:p1',
      data: { reference: 'AAP26-1.1-000001' },
    });
    f.clock.advance(1000);
    const e2 = await f.repo.appendTimelineEvent('tl-1', {
      type: 'completeness-checked',
      actor: 'agent-1',
      data: { missing: [], when: new Date('2026-03-02T09:00:01Z') },
    });
    const e3 = await f.repo.appendTimelineEvent('tl-1', { type: 'note', actor: 'system' });
    expect([e1.seq, e2.seq, e3.seq]).toEqual([1, 2, 3]);
    expect(e1.prevHash).toBe(GENESIS_HASH);
    expect(e2.prevHash).toBe(e1.hash);
    expect(e3.prevHash).toBe(e2.hash);
    expect(e1.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(e2.data).toEqual({ missing: [], when: '2026-03-02T09:00:01.000Z' });
    expect(e3.data).toEqual({});
    expect(await f.repo.listTimeline('tl-1')).toEqual([e1, e2, e3]);
    expect(await f.repo.verifyTimeline('tl-1')).toEqual({ ok: true, count: 3 });
    expect(await f.repo.listTimeline('tl-empty')).toEqual([]);
    expect(await f.repo.verifyTimeline('tl-empty')).toEqual({ ok: true, count: 0 });
  });

  it('keeps timelines of different dossiers apart (and off the dossier record)', async () => {
    await f.repo.appendTimelineEvent('tl-a', { type: 'x', actor: 's' });
    await f.repo.appendTimelineEvent('tl-b', { type: 'y', actor: 's' });
    expect((await f.repo.listTimeline('tl-a')).map((e) => e.type)).toEqual(['x']);
    expect((await f.repo.listTimeline('tl-b')).map((e) => e.type)).toEqual(['y']);
    await f.repo.putDeadline({ dossierId: 'tl-a', kind: 'bilan', ref: 'r', dueDate: '2028-01-31' });
    expect(await f.repo.listTimeline('tl-a')).toHaveLength(1);
  });

  it('20 concurrent appends get seq 1..20 without gap and the chain verifies', async () => {
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        f.repo.appendTimelineEvent('tl-conc', { type: 'concurrent', actor: `writer-${i}`, data: { i } }),
      ),
    );
    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const listed = await f.repo.listTimeline('tl-conc');
    expect(listed.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(listed.map((e) => e.data.i)).size).toBe(20);
    for (let i = 1; i < listed.length; i++) expect(listed[i]!.prevHash).toBe(listed[i - 1]!.hash);
    expect(await f.repo.verifyTimeline('tl-conc')).toEqual({ ok: true, count: 20 });
  });

  it('names the event altered in the table', async () => {
    for (let i = 1; i <= 6; i++)
      await f.repo.appendTimelineEvent('tl-tamper', { type: 'step', actor: 'system', data: { amountCents: i * 100 } });
    const key = keys.timelineEvent('tl-tamper', 4);
    const stored = await f.rawItem(key);
    await f.rawPut({ ...stored, data: { amountCents: 999_999 } });
    expect(await f.repo.verifyTimeline('tl-tamper')).toEqual({ ok: false, count: 6, seq: 4, reason: 'hash-mismatch' });
  });

  it('an altered event whose hash was recomputed breaks the link of the next one', async () => {
    for (let i = 1; i <= 4; i++) await f.repo.appendTimelineEvent('tl-rehash', { type: 'step', actor: 'system', data: { i } });
    const key = keys.timelineEvent('tl-rehash', 2);
    const stored = (await f.rawItem(key))!;
    const forged = { ...stored, actor: 'someone-else' };
    const hash = hashEvent(forged as unknown as Parameters<typeof hashEvent>[0]);
    await f.rawPut({ ...forged, hash });
    expect(await f.repo.verifyTimeline('tl-rehash')).toEqual({ ok: false, count: 4, seq: 3, reason: 'broken-link' });
  });

  it('a removed event shows as a sequence gap', async () => {
    for (let i = 1; i <= 3; i++) await f.repo.appendTimelineEvent('tl-gap', { type: 'step', actor: 'system' });
    const stored = (await f.rawItem(keys.timelineEvent('tl-gap', 2)))!;
    // Move event 2 to another sort key (as a delete + reinsert would), keeping its content.
    await f.rawPut({ ...stored, SK: 'EVENT#9999999999' });
    await f.doc.send(new DeleteCommand({ TableName: f.tableName, Key: keys.timelineEvent('tl-gap', 2) }));
    expect(await f.repo.verifyTimeline('tl-gap')).toEqual({ ok: false, count: 3, seq: 2, reason: 'sequence-gap' });
  });
});

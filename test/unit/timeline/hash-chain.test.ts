/**
 * The hash chain's text and hash of an event are fixed: a stored timeline is verified against
 * them for ever (values computed by the implementation every timeline so far was written with).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainEvent, hashEvent, normalizeEventData } from '#domain/timeline/hash-chain.ts';

const event = {
  dossierId: 'd-1',
  seq: 3,
  at: '2026-03-02T10:00:00.000Z',
  type: 'task-opened',
  actor: 'system',
  prevHash: '0'.repeat(64),
  data: { z: [1, { b: 'é', a: null }], a: true, é: 1.5, A: 'x', '': 0 },
};

describe('hash chain', () => {
  it('writes canonical JSON: keys sorted by UTF-16 code units at every depth, no whitespace', () => {
    expect(canonicalJson(event.data)).toBe('{"":0,"A":"x","a":true,"z":[1,{"a":null,"b":"é"}],"é":1.5}');
  });

  it("hashes an event as every stored timeline's events were hashed", () => {
    expect(hashEvent(event)).toBe('cd62ef298fe647e8910003299492199b8bc69e39108e408b032eb33cb0cf7e4c');
  });

  it('refuses what JSON cannot carry faithfully', () => {
    for (const bad of [undefined, Number.NaN, () => 1, 1n, new Date(0), { nested: { value: undefined } }])
      expect(() => canonicalJson(bad)).toThrow(TypeError);
  });

  it('chains an event with its data as JSON keeps them, whether they are JSON already or not', () => {
    const last = { seq: 2, hash: 'f'.repeat(64) };
    const cases: Record<string, unknown>[] = [
      {},
      event.data,
      { details: { montant: 1200, motifs: ['a', 'b'], vide: {} }, taskId: 't', ok: false, rien: null },
      { at: new Date(0), n: Number.NaN, zero: -0, big: 1e21, gone: undefined, list: [undefined, () => 1, 2] },
      { nested: { gone: undefined, kept: 'x' }, holes: new Array<number>(3).fill(1, 0, 1) },
      { holes: new Array<number>(3).fill(1, 0, 1) },
      {
        inner: Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
        klass: new (class K {
          x = 1;
        })(),
      },
    ];
    for (const data of cases) {
      const next = { dossierId: 'd-1', at: '2026-03-02T10:00:00.000Z', type: 'task-decided', actor: 'system' };
      const chained = chainEvent(last, { ...next, data });
      const stored = normalizeEventData(data);
      expect(chained.data).toStrictEqual(stored);
      expect(chained.hash).toBe(hashEvent({ ...next, seq: 3, prevHash: last.hash, data: stored }));
    }
  });

  it('refuses event data JSON cannot carry', () => {
    const next = { dossierId: 'd-1', at: '2026-03-02T10:00:00.000Z', type: 'x', actor: 'system' };
    expect(() => chainEvent(undefined, { ...next, data: { n: 1n } })).toThrow(TypeError);
  });
});

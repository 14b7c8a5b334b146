/**
 * The hash chain's text and hash of an event are fixed: a stored timeline is verified against
 * them for ever (values computed by the implementation every timeline so far was written with).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashEvent } from '#domain/timeline/hash-chain.ts';

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
});

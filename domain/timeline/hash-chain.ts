/**
 * The timeline's hash chain: each event's hash is sha256 over the canonical JSON of the event
 * without its `hash` (so including `prevHash`, the previous event's hash). Changing, removing or
 * reordering any stored event breaks the chain at that event or the next one.
 *
 * Pure: no I/O, no clock. Storage appends and reads; this module computes and verifies.
 */
import { hash } from 'node:crypto';
import type { JsonObject, TimelineEvent, TimelineVerification } from '#domain/ports/records.ts';

/** The `prevHash` of the first event of every timeline. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace: one
 * value, one text. Refuses what JSON cannot carry faithfully (undefined, functions, non-finite
 * numbers, bigint), so a hash never depends on how a serializer drops them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError('canonicalJson: only plain objects, arrays and JSON scalars');
      }
      // sort() with no comparator orders strings by UTF-16 code units.
      const keys = Object.keys(value).sort();
      let text = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        text += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`;
      }
      return `${text}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/**
 * Turns arbitrary event data into the JSON object that will be stored and hashed: what
 * `JSON.stringify` keeps (undefined properties dropped, dates as ISO strings), so the stored
 * value and the hashed value are the same.
 */
export function normalizeEventData(data: unknown): JsonObject {
  if (data === undefined) return {};
  const text = JSON.stringify(data);
  const parsed = JSON.parse(text) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError('timeline event data must be a JSON object');
  }
  return parsed as JsonObject;
}

/**
 * Whether JSON carries a value as it is — plain objects and arrays of strings, finite numbers (not
 * −0), booleans and null, no member or element undefined —, so that `normalizeEventData` would give
 * it back unchanged (it would change a Date, an undefined member, NaN…).
 */
function isJsonAsIs(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        // By index, not every(): a hole is undefined, which JSON writes as null.
        for (let i = 0; i < value.length; i++) if (!isJsonAsIs(value[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) if (!isJsonAsIs((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * Event data as stored and hashed (`normalizeEventData`), with their canonical JSON. Data that JSON
 * carries as they are (the usual case) are kept as they are, with no trip through JSON text and
 * back; any other go through `normalizeEventData`.
 */
function eventData(data: unknown): { data: JsonObject; text: string } {
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && isJsonAsIs(data)) {
    return { data: data as JsonObject, text: canonicalJson(data) };
  }
  const normalized = normalizeEventData(data);
  return { data: normalized, text: canonicalJson(normalized) };
}

export type UnhashedEvent = Omit<TimelineEvent, 'hash'>;

/** The hash of an event whose data's canonical JSON is `dataText`. */
function hashWith(event: UnhashedEvent, dataText: string): string {
  const { dossierId, seq, at, type, actor, prevHash } = event;
  // canonicalJson of { dossierId, seq, at, type, actor, data, prevHash }, written member by member in
  // its sorted order. One-shot `hash`: no Hash object per event (createHash's set-up was most of the hashing's cost).
  const text =
    `{"actor":${canonicalJson(actor)},"at":${canonicalJson(at)},"data":${dataText},"dossierId":${canonicalJson(dossierId)},` +
    `"prevHash":${canonicalJson(prevHash)},"seq":${canonicalJson(seq)},"type":${canonicalJson(type)}}`;
  return hash('sha256', text, 'hex');
}

export function hashEvent(event: UnhashedEvent): string {
  return hashWith(event, canonicalJson(event.data));
}

/**
 * The next event of a chain whose last event (its head: seq and hash) is `last` (undefined for an
 * empty chain); its data as they are stored and hashed (`normalizeEventData`).
 */
export function chainEvent(
  last: Pick<TimelineEvent, 'seq' | 'hash'> | undefined,
  next: Pick<TimelineEvent, 'dossierId' | 'at' | 'type' | 'actor'> & { data: Record<string, unknown> },
): TimelineEvent {
  const { data, text } = eventData(next.data);
  const unhashed: UnhashedEvent = {
    dossierId: next.dossierId,
    seq: (last?.seq ?? 0) + 1,
    at: next.at,
    type: next.type,
    actor: next.actor,
    data,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: hashWith(unhashed, text) };
}

/**
 * Checks a dossier's events in storage order: seq 1, 2, 3… without gap, each linked to the
 * previous one's hash, each hash matching its content. Names the first event found wrong.
 */
export function verifyChain(dossierId: string, events: readonly TimelineEvent[]): TimelineVerification {
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const count = events.length;
    if (e.dossierId !== dossierId) return { ok: false, count, seq: e.seq, reason: 'wrong-dossier' };
    if (e.seq !== i + 1) return { ok: false, count, seq: i + 1, reason: 'sequence-gap' };
    if (e.prevHash !== prevHash) return { ok: false, count, seq: e.seq, reason: 'broken-link' };
    if (hashEvent(e) !== e.hash) return { ok: false, count, seq: e.seq, reason: 'hash-mismatch' };
    prevHash = e.hash;
  }
  return { ok: true, count: events.length };
}

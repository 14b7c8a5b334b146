/**
 * Records as the runtime writes them to its files: one JSON text per line (JSON text never holds a
 * raw newline). A record torn by a kill in the middle of a write — or a zero-filled tail after a
 * power cut — lacks its newline or is not valid JSON, so a reader keeps exactly the records written
 * whole before it. A batch of records is one string, written with one call.
 */
import { writeSync } from 'node:fs';

const NEWLINE = 0x0a;

/** The line a record is written as. */
export function encodeRecord(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** The value of the record at the start of `bytes`, or undefined if it is not a whole record. */
export function decodeRecord(bytes: Buffer): { value: unknown; length: number } | undefined {
  const end = bytes.indexOf(NEWLINE);
  if (end < 1) return undefined;
  try {
    return { value: JSON.parse(bytes.toString('utf8', 0, end)), length: end + 1 };
  } catch {
    return undefined;
  }
}

/** Every whole record from the start of `bytes`, up to the first torn one; `validLength` is where that one begins. */
export function decodeRecords(bytes: Buffer): { records: unknown[]; validLength: number } {
  const records: unknown[] = [];
  let offset = 0;
  for (;;) {
    const record = decodeRecord(bytes.subarray(offset));
    if (!record) return { records, validLength: offset };
    records.push(record.value);
    offset += record.length;
  }
}

/** Writes the whole text (`bytes` long in UTF-8) at the file's position; a write may be partial. */
export function writeAll(fd: number, text: string, bytes: number): void {
  // Written as a string: encoded outside the JavaScript heap, no Buffer to collect.
  const written = writeSync(fd, text);
  if (written < bytes) {
    let rest = Buffer.from(text).subarray(written);
    while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
  }
}

/**
 * Writes `value` as JSON.stringify would (the same text), in pieces of about 64 KB: down to `depth`
 * levels of arrays and plain objects, each member is stringified on its own. Returns the bytes
 * written. A snapshot of the runtime's whole state (4.3 MB at N=1,000) written as one string held
 * that string and as much again encoded for the write on top of the heap, each compaction: about
 * 12 MB more resident for an instant, against 3-6 MB in pieces.
 */
export function writeJsonInPieces(fd: number, value: unknown, depth: number): number {
  let pending = '';
  let bytes = 0;
  const flush = () => {
    const length = Buffer.byteLength(pending);
    writeAll(fd, pending, length);
    bytes += length;
    pending = '';
  };
  const put = (text: string) => {
    pending += text;
    if (pending.length >= 65_536) flush();
  };
  const walk = (v: unknown, level: number) => {
    if (level < depth && Array.isArray(v)) {
      put('[');
      v.forEach((item, i) => {
        if (i > 0) put(',');
        walk(item, level + 1);
      });
      put(']');
    } else if (level < depth && v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && !('toJSON' in v)) {
      let first = true;
      put('{');
      for (const [key, member] of Object.entries(v)) {
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        put(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        walk(member, level + 1);
      }
      put('}');
    } else {
      // What JSON.stringify writes for a value it leaves out of an object, inside an array: null.
      put(JSON.stringify(v) ?? 'null');
    }
  };
  walk(value, 0);
  if (pending) flush();
  return bytes;
}

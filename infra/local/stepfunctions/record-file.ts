/**
 * Records as the runtime writes them to its files: one JSON text per line (JSON text never holds a
 * raw newline). A record torn by a kill in the middle of a write — or a zero-filled tail after a
 * power cut — lacks its newline or is not valid JSON, so a reader keeps exactly the records written
 * whole before it. Records are encoded into a buffer as they come and written out in batches
 * (RecordWriter).
 */
import { writeSync } from 'node:fs';

const NEWLINE = 0x0a;

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

/**
 * Records appended to a file through one reused buffer: each record's text is encoded into it as it
 * comes (its length in bytes known at once), and the buffer is written out when full or at `flush()`.
 * A group commit's records were one string (a rope of hundreds of records) written with one call:
 * flattening it, measuring it and encoding it into a buffer malloc'd for the write (hundreds of KB,
 * mapped and faulted in afresh each time) cost ≈ 13× the encoding into a warm buffer (20,000 records
 * of 430 B: 50 ms of CPU against 3.7). A record is never split between two writes; `beforeWrite`
 * runs before each (the journal's writes the history chunks its records refer to first).
 */
/** Bytes buffered before a write, in the runtime's journal and its history log: a turn's group commit is usually one write. */
export const RECORD_BUFFER_BYTES = 256 * 1024;

export class RecordWriter {
  #fd: number;
  readonly #buffer: Buffer;
  #used = 0;
  readonly #beforeWrite: (() => void) | undefined;

  constructor(fd: number, capacity: number, beforeWrite?: () => void) {
    this.#fd = fd;
    this.#buffer = Buffer.allocUnsafe(capacity);
    this.#beforeWrite = beforeWrite;
  }

  /** Bytes encoded and not yet written. */
  get pending(): number {
    return this.#used;
  }

  /** The file to write to from now on (what is pending is written to the previous one first). */
  set fd(fd: number) {
    this.flush();
    this.#fd = fd;
  }

  /** Appends `json` and a newline; returns the bytes of that line. */
  put(json: string): number {
    // At most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units), and the newline.
    const room = json.length * 3 + 1;
    if (room > this.#buffer.length - this.#used) {
      this.flush();
      if (room > this.#buffer.length) {
        // Larger than the buffer: written on its own, as a string.
        const line = `${json}\n`;
        const bytes = Buffer.byteLength(line);
        this.#beforeWrite?.();
        writeAll(this.#fd, line, bytes);
        return bytes;
      }
    }
    const bytes = this.#buffer.write(json, this.#used) + 1;
    this.#buffer[this.#used + bytes - 1] = NEWLINE;
    this.#used += bytes;
    return bytes;
  }

  /** Writes what is pending. */
  flush(): void {
    if (this.#used === 0) return;
    this.#beforeWrite?.();
    let offset = 0;
    while (offset < this.#used) offset += writeSync(this.#fd, this.#buffer, offset, this.#used - offset);
    this.#used = 0;
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

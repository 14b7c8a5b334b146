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

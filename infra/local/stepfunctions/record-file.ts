/**
 * Records as the runtime writes them to its files, one per line: `<length><crc32><JSON text>\n`,
 * where length (of the text, in UTF-8 bytes) and CRC-32 (of the same bytes) are 8 hexadecimal
 * digits each. A record torn by a kill in the middle of a write (or a zero-filled tail after a
 * power cut) fails its length, CRC or newline check, so a reader keeps exactly the records written
 * whole before it. A batch of records is one string, written with one call (and encoded once).
 */
import { writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

const HEADER_BYTES = 16;
const HEX = /^[0-9a-f]{16}$/;

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** The record of a JSON text (which never holds a raw newline), and its size in bytes. */
export function encodeRecord(json: string): { text: string; bytes: number } {
  const size = Buffer.byteLength(json);
  return { text: `${hex8(size)}${hex8(crc32(json))}${json}\n`, bytes: HEADER_BYTES + size + 1 };
}

/** The JSON text of the record at the start of `bytes`, or undefined if it is not a whole, intact record. */
export function decodeRecord(bytes: Buffer): { json: string; length: number } | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const header = bytes.toString('latin1', 0, HEADER_BYTES);
  if (!HEX.test(header)) return undefined;
  const size = Number.parseInt(header.slice(0, 8), 16);
  const end = HEADER_BYTES + size;
  // Records are never empty: a zero length is not a record.
  if (size === 0 || end + 1 > bytes.length || bytes[end] !== 0x0a) return undefined;
  const payload = bytes.subarray(HEADER_BYTES, end);
  if (crc32(payload) !== Number.parseInt(header.slice(8), 16)) return undefined;
  return { json: payload.toString('utf8'), length: end + 1 };
}

/** Every whole record from the start of `bytes`, up to the first torn one; `validLength` is where that one begins. */
export function decodeRecords(bytes: Buffer): { records: string[]; validLength: number } {
  const records: string[] = [];
  let offset = 0;
  for (;;) {
    const record = decodeRecord(bytes.subarray(offset));
    if (!record) return { records, validLength: offset };
    records.push(record.json);
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

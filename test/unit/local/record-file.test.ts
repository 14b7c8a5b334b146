/**
 * writeJsonInPieces (infra/local/stepfunctions/record-file.ts), which writes the runtime's snapshots:
 * the file holds exactly what JSON.stringify would have written, however the value is cut into pieces.
 * RecordWriter, which appends the journal's records and the history's chunks: the file holds each
 * record and its newline in order, each write whole records only, `beforeWrite` before each write.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRecords, RecordWriter, writeJsonInPieces } from '#infra/local/stepfunctions/record-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'record-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function written(value: unknown, depth: number): { text: string; bytes: number } {
  const file = join(dir, `${Math.random()}.json`);
  const fd = openSync(file, 'w');
  const bytes = writeJsonInPieces(fd, value, depth);
  closeSync(fd);
  return { text: readFileSync(file, 'utf8'), bytes };
}

describe('writeJsonInPieces', () => {
  const value = {
    generation: 3,
    skipped: undefined,
    fn: () => 1,
    state: {
      definitions: [['machine#1', '{"StartAt":"A"}']],
      executions: Array.from({ length: 3_000 }, (_, i) => ({
        executionArn: `arn:aws:states:eu-west-3:000000000000:execution:m:é-${i}`,
        input: JSON.stringify({ libellé: 'Accompagnement socio-professionnel — 🚀', i }),
        stopDate: i % 2 ? undefined : new Date(Date.UTC(2026, 3, 1 + (i % 28))),
        history: [[i * 100, 42]],
      })),
      holes: [undefined, () => 0, Symbol('s'), null, 0, ''],
      empty: [],
      nothing: {},
      withToJSON: { toJSON: () => 'as JSON' },
    },
  };

  it('writes the text JSON.stringify writes, at every depth, and returns its length in bytes', () => {
    const expected = JSON.stringify(value);
    expect(Buffer.byteLength(expected)).toBeGreaterThan(4 * 65_536); // several pieces
    for (const depth of [0, 1, 2, 3, 5]) {
      const { text, bytes } = written(value, depth);
      expect(text).toBe(expected);
      expect(bytes).toBe(Buffer.byteLength(expected));
    }
  });

  it('writes scalars and null as JSON.stringify does', () => {
    for (const scalar of [null, 0, -1.5, 'texte', true]) expect(written(scalar, 3).text).toBe(JSON.stringify(scalar));
  });
});

describe('RecordWriter', () => {
  /** Records of every width: ASCII, accented letters (2 bytes), a dash (3), an emoji (4, two UTF-16 units). */
  const records = Array.from({ length: 400 }, (_, i) => ({
    i,
    libellé: `Accompagnement — ${'🚀'.repeat(i % 7)} ${'x'.repeat((i * 37) % 500)}`,
  }));

  it('writes each record and its newline, returns its bytes, and writes only whole records, beforeWrite first', () => {
    const file = join(dir, `${Math.random()}.log`);
    const fd = openSync(file, 'w');
    const sizesAtWrite: number[] = [];
    let lengths = 0;
    // A 4 KB buffer: written many times over.
    const writer = new RecordWriter(fd, 4096, () => sizesAtWrite.push(lengths));
    const returned = records.map((record) => {
      const bytes = writer.put(JSON.stringify(record));
      lengths += bytes;
      return bytes;
    });
    expect(writer.pending).toBeGreaterThan(0);
    writer.flush();
    expect(writer.pending).toBe(0);
    closeSync(fd);
    const bytes = readFileSync(file);
    expect(bytes.toString('utf8')).toBe(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect(returned).toEqual(records.map((r) => Buffer.byteLength(`${JSON.stringify(r)}\n`)));
    expect(decodeRecords(bytes).records).toEqual(records);
    expect(sizesAtWrite.length).toBeGreaterThan(10);
    // Each write began at a record's end: the file up to it decodes whole.
    for (const at of sizesAtWrite) expect(decodeRecords(bytes.subarray(0, at)).validLength).toBe(at);
  });

  it('writes a record larger than its buffer on its own, after what it holds', () => {
    const file = join(dir, `${Math.random()}.log`);
    const fd = openSync(file, 'w');
    let writes = 0;
    const writer = new RecordWriter(fd, 64, () => writes++);
    const small = { a: 'é' };
    const large = { text: '🚀é'.repeat(1_000) };
    expect(writer.put(JSON.stringify(small))).toBe(Buffer.byteLength(`${JSON.stringify(small)}\n`));
    expect(writes).toBe(0);
    expect(writer.put(JSON.stringify(large))).toBe(Buffer.byteLength(`${JSON.stringify(large)}\n`));
    expect(writes).toBe(2); // the small one, then the large one
    writer.put(JSON.stringify(small));
    writer.flush();
    closeSync(fd);
    expect(decodeRecords(readFileSync(file)).records).toEqual([small, large, small]);
  });
});

/**
 * writeJsonInPieces (infra/local/stepfunctions/record-file.ts), which writes the runtime's snapshots:
 * the file holds exactly what JSON.stringify would have written, however the value is cut into pieces.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeJsonInPieces } from '#infra/local/stepfunctions/record-file.ts';

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

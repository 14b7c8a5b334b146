import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A temporary directory of the test file's own, which os.tmpdir() answers (`TMPDIR`) while its tests
 * run, so that what the code under test leaves there can be listed; removed afterwards.
 */
export function privateTmpdir(prefix: string): string {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  beforeAll(() => {
    process.env.TMPDIR = dir;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

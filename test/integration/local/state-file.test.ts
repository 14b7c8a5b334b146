/**
 * The platform's small state files (infra/local/atomic-file.ts `writeStateFile`: its clock, its
 * scheduler's last run) rewritten in place: read back as written, their size fixed, a file of an
 * older version or a content too long replaced whole, and a process killed (SIGKILL) while it
 * rewrites one leaves a file that parses, with the old content or the new.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { writeStateFile } from '#infra/local/atomic-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;

it('reads back what was written, at a fixed size; an older file and a long content are replaced whole', () => {
  const path = join(dir, 'clock.json');
  writeFileSync(path, JSON.stringify({ offsetMs: 1 })); // as an older version left it
  writeStateFile(path, JSON.stringify({ offsetMs: 86_400_000 }));
  expect(read(path)).toEqual({ offsetMs: 86_400_000 });
  const size = statSync(path).size;
  for (const offsetMs of [-5, 123_456_789_012, 0]) {
    writeStateFile(path, JSON.stringify({ offsetMs }));
    expect(read(path)).toEqual({ offsetMs });
    expect(statSync(path).size).toBe(size);
  }
  const long = { lastRunDay: '2026-03-02', note: 'é'.repeat(300) };
  writeStateFile(path, JSON.stringify(long));
  expect(read(path)).toEqual(long);
  writeStateFile(path, JSON.stringify({ lastRunDay: '2026-03-03' }));
  expect(read(path)).toEqual({ lastRunDay: '2026-03-03' });
});

it('a process killed while it rewrites the file leaves the old content or the new', async () => {
  const path = join(dir, 'scheduler.json');
  const module = fileURLToPath(new URL('../../../infra/local/atomic-file.ts', import.meta.url));
  // Contents of different lengths, so a torn or truncated write would not parse or would mix two.
  // It says when it has started writing (its start may take long on a loaded machine), then writes on.
  const writer = `import { writeStateFile } from ${JSON.stringify(module)};
    const write = (i) => writeStateFile(${JSON.stringify(path)}, JSON.stringify({ i, pad: 'x'.repeat(i % 97) }));
    write(0);
    process.stdout.write('writing', () => { for (let i = 1; ; i++) write(i); });`;
  let last = -1;
  for (let kill = 0; kill < 12; kill++) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 30));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const state = read(path) as { i: number; pad: string };
    expect(state.pad).toBe('x'.repeat(state.i % 97));
    last = state.i;
  }
  expect(last).toBeGreaterThan(0); // the writers did write
});

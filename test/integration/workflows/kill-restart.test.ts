/**
 * kill -9 in the middle of a dossier's life: the whole platform runs in a child process (dynalite
 * on disk, the durable Step Functions runtime, the functions), carrying one dossier from
 * submission to closure over sixteen months of moved clock. It is killed at random moments and
 * started again each time until it finishes; the end — status, amounts, timeline, emails owed,
 * executions — must equal that of a run without kills.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./fixtures/dossier-life-child.ts', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'dossier-life-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Run {
  killed: boolean;
  done?: Record<string, unknown>;
}

function runChild(name: string, killAfterMs?: number): Promise<Run> {
  const child = spawn(process.execPath, [CHILD, join(workDir, name)], { env: { ...process.env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { killed: false };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'AT started' && killAfterMs !== undefined) setTimeout(() => (run.killed = child.kill('SIGKILL')), killAfterMs);
    if (line.startsWith('DONE ')) run.done = JSON.parse(line.slice(5)) as Record<string, unknown>;
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ ...run, killed: signal === 'SIGKILL' });
      else reject(new Error(`child exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

describe('a dossier survives kill -9 of the platform', { timeout: 300_000 }, () => {
  let reference: Record<string, unknown>;

  it('without kills, the dossier is closed (the reference)', async () => {
    const run = await runChild('reference');
    expect(run.killed).toBe(false);
    reference = run.done!;
    expect(reference.status).toBe('closed');
    expect(reference.verification).toMatchObject({ ok: true });
  });

  it('killed at random moments and restarted, it ends in the same state with the same timeline', async () => {
    let kills = 0;
    let done: Record<string, unknown> | undefined;
    // Kill early and often at first (mid-start, mid-segment), then let it run longer each time.
    for (let attempt = 0; !done; attempt++) {
      const run = await runChild('killed', attempt < 40 ? 300 + Math.floor(Math.random() * 900) + attempt * 50 : undefined);
      if (run.killed) kills++;
      done = run.done;
    }
    console.info(`dossier life: ${kills} kills survived`);
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(done).toEqual(reference);
  });
});

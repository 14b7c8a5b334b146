/**
 * kill -9 in the middle of a dossier's life: the whole platform runs in a child process (dynalite
 * on disk, the durable Step Functions runtime, the functions), carrying one dossier from
 * submission to closure over sixteen months of moved clock. It is killed at random moments and
 * started again each time until it finishes; the end — status, amounts, timeline, emails owed,
 * executions — must equal that of a run without kills.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDossierLife } from '#test/support/dossier-life-process.ts';

const workDir = mkdtempSync(join(tmpdir(), 'dossier-life-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type End = Record<string, unknown>;

describe('a dossier survives kill -9 of the platform', { timeout: 300_000 }, () => {
  let reference: End;

  it('without kills, the dossier is closed (the reference)', async () => {
    const run = await runDossierLife<End>(join(workDir, 'reference'));
    expect(run.killed).toBe(false);
    reference = run.done!;
    expect(reference.status).toBe('closed');
    expect(reference.verification).toMatchObject({ ok: true });
  });

  it('killed at random moments and restarted, it ends in the same state with the same timeline', async () => {
    let kills = 0;
    let done: End | undefined;
    // Kill early and often at first (mid-start, mid-segment), then let it run longer each time: a whole
    // life takes about two seconds now, so the kills come within half a second of each start.
    for (let attempt = 0; !done; attempt++) {
      const killAfterMs = attempt < 40 ? 50 + Math.floor(Math.random() * 500) + attempt * 25 : undefined;
      const run = await runDossierLife<End>(join(workDir, 'killed'), killAfterMs === undefined ? {} : { killAfterMs });
      if (run.killed) kills++;
      done = run.done;
    }
    console.info(`dossier life: ${kills} kills survived`);
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(done).toEqual(reference);
  });
});

/**
 * kill -9 at 30 random points of a 100-dossier campaign, started again each time: every dossier
 * ends in the state it reaches without kills — same status, amounts, timeline, executions — and
 * the email outbox holds each email exactly once, all sent. The kill points are chosen on the run
 * without kills (one random moment in each thirtieth of it) and kept as points of progress (the
 * child's last progress mark before that moment, then the time that followed it), so the number of
 * kills does not depend on the platform's speed; a restarted child that resumes past a point is
 * killed that long after its first mark at or past it. SES
 * received every email a run without kills sent, and nothing else; an email twice only where a
 * kill fell between SES accepting it and the outbox recording it (delivery is at least once:
 * domain/notifications/send-outbox.ts), so at most the sender's concurrency per kill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '#domain/notifications/send-outbox.ts';
import { runDossierLife } from '#test/support/dossier-life-process.ts';

const DOSSIERS = Number(process.env.SOAK_DOSSIERS ?? 100);
const KILLS = Number(process.env.SOAK_KILLS ?? 30);
const workDir = mkdtempSync(join(tmpdir(), 'campaign-kill-'));
let passed = 0;
afterAll(() => {
  // A failure keeps the data dirs for inspection (dynalite on disk: open them with infra/local/services.ts).
  if (passed === 2) rmSync(workDir, { recursive: true, force: true });
  else console.info(`soak: data kept in ${workDir}`);
});

interface End {
  dossiers: { status: string; emails: string[]; verification: { ok: boolean } }[];
}

/** A progress mark of the child as a comparable key: `started` < `<step> <n>` (by step, then n) < `end`. */
function markKey(at: string): [number, number] {
  if (at === 'started') return [-1, 0];
  if (at === 'end') return [Infinity, 0];
  const [step, n] = at.split(' ').map(Number) as [number, number];
  return [step, n];
}
const notBefore = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);

interface KillPoint {
  mark: string;
  afterMs: number;
}

/** KILLS moments of the reference run, one at random in each KILLS-th of it, as points of progress. */
function killPoints(marks: { at: string; ms: number }[]): KillPoint[] {
  const start = marks.find((m) => m.at === 'started')!.ms;
  const end = marks.find((m) => m.at === 'end')!.ms;
  return Array.from({ length: KILLS }, (_, k) => {
    const moment = start + ((k + Math.random()) / KILLS) * (end - start);
    const last = marks.findLast((m) => m.ms <= moment)!;
    return { mark: last.at, afterMs: Math.round(moment - last.ms) };
  });
}

function runChild(name: string, kill?: KillPoint) {
  const env = { DOSSIERS: String(DOSSIERS), SES_ENDPOINT: inject('sesEndpoint') };
  if (!kill) return runDossierLife<End>(join(workDir, name), { env });
  const at = markKey(kill.mark);
  return runDossierLife<End>(join(workDir, name), { env, killAfterMs: kill.afterMs, killFrom: (mark) => notBefore(markKey(mark), at) });
}

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}
async function takeSesStore(): Promise<string[]> {
  const ses = inject('sesEndpoint');
  const { emails } = (await (await fetch(`${ses}/store`)).json()) as { emails: StoredEmail[] };
  await fetch(`${ses}/clear-store`, { method: 'POST' });
  // Task ids (in the links to tasks) are random per run.
  return emails.map((e) => `${e.destination.to.join(',')}|${e.subject}|${e.body.text?.replace(/\/taches\/[\w-]+/g, '/taches/…')}`).sort();
}

describe(`kill -9 during a ${DOSSIERS}-dossier campaign`, () => {
  let reference: End;
  let referenceMail: string[];
  let points: KillPoint[];

  it('without kills: every dossier closed, every email sent once', async () => {
    await takeSesStore();
    const run = await runChild('reference');
    reference = run.done!;
    referenceMail = await takeSesStore();
    points = killPoints(run.marks);
    console.info(
      `soak: reference run of ${DOSSIERS} dossiers in ${(run.ms / 1000).toFixed(1)} s, ${referenceMail.length} emails, ${run.marks.length} progress marks`,
    );
    expect(reference.dossiers).toHaveLength(DOSSIERS);
    expect(reference.dossiers.every((d) => d.status === 'closed' && d.verification.ok)).toBe(true);
    expect(reference.dossiers.flatMap((d) => d.emails).every((e) => e.endsWith(' sent'))).toBe(true);
    expect(referenceMail).toHaveLength(reference.dossiers.flatMap((d) => d.emails).length);
    passed++;
  });

  it(`killed at ${KILLS} random points of progress, restarted each time: the same end, every email sent`, async () => {
    let kills = 0;
    let done: End | undefined;
    const started = Date.now();
    // A run that ends before its kill (faster than the reference near the end) is run again at the
    // same point with half the delay: it resumes at the end and is killed there, so the count stays KILLS.
    let attempt = 0;
    for (let k = 0; k <= points.length; attempt++) {
      const point = points[k];
      const run = await runChild('killed', point);
      if (run.killed) kills++;
      done = run.done;
      const where = point ? ` (point: ${point.afterMs} ms after mark '${point.mark}'; last mark '${run.marks.at(-1)?.at}')` : '';
      process.stderr.write(`soak: run ${attempt + 1} ${run.killed ? 'killed' : 'ended'} after ${(run.ms / 1000).toFixed(1)} s${where}\n`);
      if (!point || run.killed) k++;
      else if (attempt < 2 * KILLS) point.afterMs = Math.floor(point.afterMs / 2);
      else k = points.length; // the count check below fails
    }
    const mail = await takeSesStore();
    const duplicates = mail.length - referenceMail.length;
    console.info(
      `soak: ${kills} kills survived in ${((Date.now() - started) / 1000).toFixed(1)} s; ${mail.length} emails received by SES (${duplicates} sent twice)`,
    );
    expect(kills).toBe(KILLS);
    const differing = reference.dossiers.flatMap((r, i) => (JSON.stringify(r) === JSON.stringify(done!.dossiers[i]) ? [] : [i]));
    expect(differing, 'dossiers whose end differs from the run without kills').toEqual([]);
    expect(done).toEqual(reference);
    const tally = (list: string[]) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
    const [received, owed] = [tally(mail), tally(referenceMail)];
    expect(
      [...owed].filter(([k, n]) => (received.get(k) ?? 0) < n).map(([k]) => k),
      'emails never received',
    ).toEqual([]);
    expect(
      [...received.keys()].filter((k) => !owed.has(k)),
      'emails not owed',
    ).toEqual([]);
    expect(duplicates).toBeLessThanOrEqual(kills * DEFAULT_CONCURRENCY);
    passed++;
  });
});

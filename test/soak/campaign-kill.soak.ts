/**
 * kill -9 at random moments of a 100-dossier campaign (at least 10 kills), started again each
 * time: every dossier ends in the state it reaches without kills — same status, amounts,
 * timeline, executions — and the email outbox holds each email exactly once, all sent. SES
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

function runChild(name: string, killAfterMs?: number) {
  const env = { DOSSIERS: String(DOSSIERS), SES_ENDPOINT: inject('sesEndpoint') };
  return runDossierLife<End>(join(workDir, name), { env, ...(killAfterMs === undefined ? {} : { killAfterMs }) });
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

  it('without kills: every dossier closed, every email sent once', async () => {
    await takeSesStore();
    const run = await runChild('reference');
    reference = run.done!;
    referenceMail = await takeSesStore();
    console.info(`soak: reference run of ${DOSSIERS} dossiers in ${(run.ms / 1000).toFixed(1)} s, ${referenceMail.length} emails`);
    expect(reference.dossiers).toHaveLength(DOSSIERS);
    expect(reference.dossiers.every((d) => d.status === 'closed' && d.verification.ok)).toBe(true);
    expect(reference.dossiers.flatMap((d) => d.emails).every((e) => e.endsWith(' sent'))).toBe(true);
    expect(referenceMail).toHaveLength(reference.dossiers.flatMap((d) => d.emails).length);
    passed++;
  });

  it('killed at random moments (≥ 10 kills), restarted each time: the same end, every email sent', async () => {
    let kills = 0;
    let done: End | undefined;
    const started = Date.now();
    for (let attempt = 0; !done; attempt++) {
      const run = await runChild('killed', attempt < 30 ? 1_500 + Math.floor(Math.random() * 4_000) : undefined);
      if (run.killed) kills++;
      done = run.done;
      process.stderr.write(`soak: run ${attempt + 1} ${run.killed ? 'killed' : 'ended'} after ${(run.ms / 1000).toFixed(1)} s\n`);
    }
    const mail = await takeSesStore();
    const duplicates = mail.length - referenceMail.length;
    console.info(
      `soak: ${kills} kills survived in ${((Date.now() - started) / 1000).toFixed(1)} s; ${mail.length} emails received by SES (${duplicates} sent twice)`,
    );
    expect(kills).toBeGreaterThanOrEqual(10);
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

/**
 * kill -9 at random moments of a 100-dossier campaign (at least 10 kills), started again each
 * time: every dossier ends in the state it reaches without kills — same status, amounts,
 * timeline, executions — and the email outbox holds each email exactly once, all sent: what SES
 * received equals, email for email, what a run without kills sent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../integration/workflows/fixtures/dossier-life-child.ts', import.meta.url));
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

function runChild(name: string, killAfterMs?: number): Promise<{ killed: boolean; done?: End; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CHILD, join(workDir, name)], {
    env: { ...process.env, NODE_NO_WARNINGS: '1', DOSSIERS: String(DOSSIERS), SES_ENDPOINT: inject('sesEndpoint') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let done: End | undefined;
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'AT started' && killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    if (line.startsWith('DONE ')) done = JSON.parse(line.slice(5)) as End;
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', ...(done ? { done } : {}), ms: Date.now() - started });
      else reject(new Error(`child exited with ${code ?? signal}: ${stderr}`));
    }),
  );
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
  return emails.map((e) => `${e.destination.to.join(',')}|${e.subject}|${e.body.text}`).sort();
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

  it('killed at random moments (≥ 10 kills), restarted each time: the same end, each email once', async () => {
    let kills = 0;
    let done: End | undefined;
    const started = Date.now();
    for (let attempt = 0; !done; attempt++) {
      const run = await runChild('killed', attempt < 30 ? 1_500 + Math.floor(Math.random() * 4_000) : undefined);
      if (run.killed) kills++;
      done = run.done;
    }
    const mail = await takeSesStore();
    console.info(`soak: ${kills} kills survived in ${((Date.now() - started) / 1000).toFixed(1)} s; ${mail.length} emails received by SES`);
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(done).toEqual(reference);
    expect(mail).toEqual(referenceMail);
    passed++;
  });
});

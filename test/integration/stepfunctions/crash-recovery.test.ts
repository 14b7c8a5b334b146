/**
 * kill -9: a child process (Node 24) runs dynalite on disk + the runtime + the crash-flow
 * machine, whose functions append a line to a log file. The test kills it with SIGKILL at
 * chosen moments (mid-segment, while parked, right after an answer, …), starts it again on the
 * same data, and checks the end is that of a run without kills, with every parked callback
 * resumed exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './harness.ts';

const CHILD = join(FIXTURES, 'crash-child.ts');

interface Done {
  status: string;
  output?: string;
  error?: string;
  steps: string[];
}

interface ChildRun {
  labels: string[];
  killed: boolean;
  done?: Done;
}

const workDir = mkdtempSync(join(tmpdir(), 'sfn-crash-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs the child once; kills it (SIGKILL) when it reaches `pauseAt`, or `killAfterMs` after it started. */
function runChild(name: string, options: { pauseAt?: string; killAfterMs?: number } = {}): Promise<ChildRun> {
  const child = spawn(process.execPath, [CHILD, join(workDir, name), join(workDir, `${name}.log`)], {
    env: { ...process.env, PAUSE_AT: options.pauseAt ?? '', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: ChildRun = { labels: [], killed: false };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const kill = () => {
    run.killed = child.kill('SIGKILL');
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('AT ')) {
      const label = line.slice(3);
      run.labels.push(label);
      if (label === options.pauseAt) kill();
      if (label === 'started' && options.killAfterMs !== undefined) setTimeout(kill, options.killAfterMs);
    } else if (line.startsWith('DONE ')) {
      run.done = JSON.parse(line.slice(5)) as Done;
    }
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve(run);
      else reject(new Error(`child exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

function logOf(name: string): string[] {
  return readFileSync(join(workDir, `${name}.log`), 'utf8')
    .trim()
    .split('\n');
}

function approvalTokens(name: string): string[] {
  return logOf(name)
    .filter((line) => line.startsWith('request-approval '))
    .map((line) => line.split(' ')[1] as string);
}

describe('durability: kill -9 at any moment, start again, same end', { timeout: 120_000 }, () => {
  let baseline: Done;

  it('a run without kills ends SUCCEEDED (the reference)', async () => {
    const run = await runChild('baseline');
    expect(run.killed).toBe(false);
    baseline = run.done as Done;
    expect(baseline.status).toBe('SUCCEEDED');
    expect(JSON.parse(baseline.output as string).final).toEqual({ total: 'ok:43' });
    expect(logOf('baseline')).toEqual([
      'prepare',
      `request-approval ${approvalTokens('baseline')[0]}`,
      `send accepted ${approvalTokens('baseline')[0]}`,
      'notify porteur',
      'notify instructor',
      'finalize',
    ]);
  });

  it('killed mid-segment, while parked, right after an answer: every restart continues where it was', async () => {
    const moments = [
      'fn:prepare', // first segment, before anything is committed
      'fn:request-approval', // the callback's token is open, the park not committed
      'parked:Approval', // parked on the callback task
      'sent:Approval', // SendTaskSuccess accepted, its segment running
      'parked:Cooldown', // parked on the Wait state
      'fn:notify-instructor', // inside a Parallel branch
      'fn:finalize', // last segment
    ];
    for (const moment of moments) {
      const run = await runChild('killed', { pauseAt: moment });
      expect(run.killed, `killed at ${moment}`).toBe(true);
      expect(run.labels).toContain(moment);
      expect(run.done).toBeUndefined();
    }
    const last = await runChild('killed');
    expect(last.done).toEqual(baseline);

    const log = logOf('killed');
    // Exactly one answer was accepted, for the one token the callback ever had (a re-run segment hands out the same).
    const tokens = new Set(approvalTokens('killed'));
    expect(tokens.size).toBe(1);
    expect(log.filter((line) => line.startsWith('send accepted '))).toEqual([`send accepted ${[...tokens][0]}`]);
    // The callback was resumed once: one answer in the history, one pass through the Choice after it.
    expect(last.done?.steps.filter((step) => step === 'TaskSubmitted')).toHaveLength(1);
    expect(last.done?.steps.filter((step) => step === 'ChoiceStateEntered:Decide')).toHaveLength(1);
    expect(last.done?.steps.filter((step) => step === 'WaitStateExited:Cooldown')).toHaveLength(1);
    // At-least-once: the functions of an interrupted segment ran again.
    expect(log.filter((line) => line === 'prepare').length).toBeGreaterThanOrEqual(2);
    expect(log.filter((line) => line === 'finalize').length).toBeGreaterThanOrEqual(2);
  });

  it('killed at arbitrary instants, it still ends as the reference run', async () => {
    for (const delay of [0, 15, 40, 80, 150]) {
      const run = await runChild('timed', { killAfterMs: delay });
      if (run.done) break;
    }
    const last = await runChild('timed');
    expect(last.done).toEqual(baseline);
    expect(new Set(approvalTokens('timed')).size).toBe(1);
    expect(logOf('timed').filter((line) => line.startsWith('send accepted '))).toHaveLength(1);
  });
});

/**
 * The runtime's own storage on a data directory: state rebuilt from snapshot and journal after a
 * restart, a torn last record cut off, compaction keeping the journal (hence restart time) bounded
 * however long executions run, and one runtime per data directory.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#domain/time/clock.ts';
import { LocalStepFunctions } from '#infra/local/stepfunctions/index.ts';
import { FIXTURES, fixture, startTestRuntime } from './harness.ts';

const workDir = mkdtempSync(join(tmpdir(), 'sfn-storage-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Each round's token, by execution name (execution names are unique across this file's tests). */
const tokens = new Map<string, string>();

/** A runtime of the `rounds` machine on `dataDir`. */
async function roundsRuntime(dataDir: string, options: { compactAtBytes?: number; clock?: ManualClock } = {}) {
  const t = await startTestRuntime({
    dataDir,
    ...options,
    functions: {
      'ask-round': async (payload) => {
        const { taskToken, executionName } = payload as { taskToken: string; executionName: string };
        tokens.set(executionName, taskToken);
        return {};
      },
    },
    machines: { rounds: fixture('rounds') },
  });
  const arn = t.arns.rounds as string;
  const executionArn = (name: string) => `${arn.replace(':stateMachine:', ':execution:')}:${name}`;
  const answer = async (name: string, done: boolean) => {
    await t.runtime.sendTaskSuccess({ taskToken: tokens.get(name) as string, output: JSON.stringify({ done }) });
    await t.runtime.idle();
  };
  const start = async (name: string) => {
    await t.runtime.startExecution({ stateMachineArn: arn, name, input: '{}' });
    await t.runtime.idle();
  };
  const status = async (name: string) => (await t.runtime.describeExecution({ executionArn: executionArn(name) })).status;
  const history = async (name: string) =>
    (await t.runtime.getExecutionHistory({ executionArn: executionArn(name), maxResults: 1000 })).events;
  return { ...t, answer, start, status, history, executionArn };
}

const journalOf = (dataDir: string) => join(dataDir, readdirSync(dataDir).find((f) => f.startsWith('journal-')) as string);

describe('the runtime on a data directory', () => {
  it('rebuilds its state after a restart: parked executions resume, closed ones keep their history', async () => {
    const dataDir = join(workDir, 'restart');
    const clock = new ManualClock('2026-03-02T08:00:00.000Z');
    const first = await roundsRuntime(dataDir, { clock });
    await first.start('a');
    await first.start('b');
    await first.answer('a', false);
    await first.answer('b', true);
    const historyOfB = await first.history('b');
    await first.close();

    const second = await roundsRuntime(dataDir, { clock });
    expect(await second.status('a')).toBe('RUNNING');
    expect(await second.status('b')).toBe('SUCCEEDED');
    expect(await second.history('b')).toEqual(historyOfB);
    // The token of a's open round is the one it had: the execution resumes with it.
    await second.answer('a', true);
    expect(await second.status('a')).toBe('SUCCEEDED');
    expect((await second.history('a')).filter((e) => e.type === 'TaskSubmitted')).toHaveLength(2);
    await second.close();
  });

  it('cuts off a torn last record (a kill in the middle of a write) and goes on from the records before it', async () => {
    const dataDir = join(workDir, 'torn');
    const first = await roundsRuntime(dataDir);
    await first.start('c');
    await first.answer('c', false);
    const token = tokens.get('c') as string;
    await first.close();

    // The last record, half written: what a kill -9 during its write leaves.
    const journal = journalOf(dataDir);
    const whole = readFileSync(journal);
    const lastStart = whole.lastIndexOf('\n', whole.length - 2) + 1;
    truncateSync(journal, lastStart + Math.floor((whole.length - lastStart) / 2));

    const second = await roundsRuntime(dataDir);
    const stats = second.runtime.storageStats();
    expect(stats.tornBytes).toBeGreaterThan(0);
    expect(readFileSync(journal).length).toBe(lastStart); // cut at the last whole record
    // The torn record was the second round's commit: the execution re-runs that round, with the same token.
    tokens.delete('c');
    await second.runtime.idle();
    expect(await second.status('c')).toBe('RUNNING');
    expect(tokens.get('c')).toBe(token);
    await second.answer('c', true);
    expect(await second.status('c')).toBe('SUCCEEDED');
    await second.close();
  });

  it('cuts off a zero-filled tail (a power cut before the file system wrote the data)', async () => {
    const dataDir = join(workDir, 'zeros');
    const first = await roundsRuntime(dataDir);
    await first.start('d');
    await first.close();
    appendFileSync(journalOf(dataDir), Buffer.alloc(4096));
    const second = await roundsRuntime(dataDir);
    expect(second.runtime.storageStats().tornBytes).toBe(4096);
    expect(await second.status('d')).toBe('RUNNING');
    await second.close();
  });

  it('compacts its journal into a snapshot: disk and restart time follow the live state, not how long executions ran', async () => {
    const dataDir = join(workDir, 'compaction');
    const compactAtBytes = 16 * 1024;
    const first = await roundsRuntime(dataDir, { compactAtBytes });
    const names = Array.from({ length: 5 }, (_, i) => `e${i}`);
    for (const name of names) await first.start(name);
    for (let round = 0; round < 120; round++) for (const name of names) await first.answer(name, false);
    const written = first.runtime.storageStats();
    expect(written.recordsWritten).toBeGreaterThan(1200);
    expect(written.compactions).toBeGreaterThan(5);
    expect(written.journalBytes).toBeLessThanOrEqual(Math.max(compactAtBytes, written.snapshotBytes) + 4096);
    expect(readdirSync(dataDir).filter((f) => f.startsWith('journal-'))).toHaveLength(1);
    const historyBefore = await first.history('e3');
    await first.close();

    const second = await roundsRuntime(dataDir, { compactAtBytes });
    const replayed = second.runtime.storageStats().recordsReplayed;
    // A restart reads the snapshot and at most one journal's worth of records: a few dozen, not the 1,200 written.
    expect(replayed).toBeLessThan(100);
    expect(await second.history('e3')).toEqual(historyBefore);
    for (const name of names) expect(await second.status(name)).toBe('RUNNING');
    for (const name of names) await second.answer(name, true);
    for (const name of names) expect(await second.status(name)).toBe('SUCCEEDED');
    await second.close();
  });

  it('opens a snapshot written when an execution kept its history chunks as [offset, length] pairs', async () => {
    const dataDir = join(workDir, 'pairs');
    const compactAtBytes = 16 * 1024;
    const first = await roundsRuntime(dataDir, { compactAtBytes });
    for (const name of ['p0', 'p1']) await first.start(name);
    for (let round = 0; round < 60; round++) for (const name of ['p0', 'p1']) await first.answer(name, false);
    expect(first.runtime.storageStats().compactions).toBeGreaterThan(0);
    const historyBefore = await first.history('p1');
    await first.close();

    const snapshotFile = join(dataDir, 'snapshot.json');
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { state: { executions: { history: number[] }[] } };
    let pairs = 0;
    for (const execution of snapshot.state.executions) {
      const flat = execution.history;
      (execution as { history: unknown }).history = Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);
      pairs += flat.length / 2;
    }
    expect(pairs).toBeGreaterThan(0);
    writeFileSync(snapshotFile, JSON.stringify(snapshot));

    const second = await roundsRuntime(dataDir, { compactAtBytes });
    expect(await second.history('p1')).toEqual(historyBefore);
    for (const name of ['p0', 'p1']) await second.answer(name, true);
    for (const name of ['p0', 'p1']) expect(await second.status(name)).toBe('SUCCEEDED');
    await second.close();
  });
});

describe('one runtime per data directory', () => {
  const clock = new ManualClock('2026-03-02T08:00:00.000Z');

  it('refuses a second runtime of the same process on the same directory, naming it', async () => {
    const dataDir = join(workDir, 'twice');
    const first = new LocalStepFunctions({ dataDir, clock, functions: {} });
    await first.start();
    const second = new LocalStepFunctions({ dataDir, clock, functions: {} });
    await expect(second.start()).rejects.toThrow(`the data directory ${dataDir} is in use by another runtime of this process`);
    await first.close();
    await second.start();
    await second.close();
  });

  it('refuses a directory another process holds, and takes it over once that process is killed', async () => {
    const dataDir = join(workDir, 'held');
    const child = spawn(process.execPath, [join(FIXTURES, 'hold-data-dir.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => createInterface({ input: child.stdout }).on('line', (line) => line === 'READY' && resolve()));
    const runtime = new LocalStepFunctions({ dataDir, clock, functions: {} });
    await expect(runtime.start()).rejects.toThrow(`in use by process ${child.pid}`);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await runtime.start();
    await runtime.close();
  });

  it('does not mistake a lock left by a dead process for a live one', async () => {
    const dataDir = join(workDir, 'stale');
    const first = new LocalStepFunctions({ dataDir, clock, functions: {} });
    await first.start();
    await first.close();
    writeFileSync(join(dataDir, 'LOCK'), JSON.stringify({ pid: 2 ** 22 + 1 })); // no such process
    const second = new LocalStepFunctions({ dataDir, clock, functions: {} });
    await second.start();
    await second.close();
  });
});

import { describe, expect, it } from 'vitest';
import { WorkQueue } from '#infra/local/stepfunctions/work-queue.ts';

/** A queue whose segments end when the test says so; each execution has `segments[arn]` segments to run. */
function queueOf(segments: Record<string, number>, concurrency: () => number, maxYieldMs?: number) {
  const running: { arn: string; end: () => void }[] = [];
  let peak = 0;
  const queue = new WorkQueue(
    (arn) =>
      new Promise<boolean>((resolve) => {
        const left = segments[arn] ?? 0;
        if (left === 0) return resolve(false);
        segments[arn] = left - 1;
        running.push({ arn, end: () => resolve(true) });
        peak = Math.max(peak, running.length);
      }),
    (error) => {
      throw error;
    },
    concurrency,
    maxYieldMs,
  );
  /** Ends every running segment, then lets the queue start what it may. */
  const endRunning = async () => {
    for (const r of running.splice(0)) r.end();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, running, endRunning, peak: () => peak };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the runtime work queue', () => {
  it('starts segments in a later event-loop turn, at most concurrency() at a time, every one run in the end', async () => {
    const segments = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`e${i}`, 2]));
    const { queue, running, endRunning, peak } = queueOf(segments, () => 3);
    for (const arn of Object.keys(segments)) queue.push(arn);
    expect(running).toHaveLength(0); // nothing runs in the pushing turn: requests read meanwhile come first
    await turn();
    expect(running).toHaveLength(3);
    const idle = queue.idle();
    while (Object.values(segments).some((left) => left > 0)) await endRunning();
    await endRunning();
    await idle;
    expect(peak()).toBe(3);
    expect(Object.values(segments).every((left) => left === 0)).toBe(true);
  });

  it('runs one segment while the concurrency is lowered, the others once woken with it raised', async () => {
    let concurrency = 1;
    const segments = { a: 1, b: 1, c: 1 };
    const { queue, running, endRunning } = queueOf(segments, () => concurrency);
    for (const arn of Object.keys(segments)) queue.push(arn);
    await turn();
    expect(running.map((r) => r.arn)).toEqual(['a']);
    concurrency = 4;
    queue.wake();
    await turn();
    expect(running.map((r) => r.arn)).toEqual(['a', 'b', 'c']);
    await endRunning();
    await endRunning();
    await queue.idle();
  });

  it('close() drops what waits for a slot (it runs again after a restart) and ends once the running segments have', async () => {
    const segments = { a: 1, b: 1 };
    const { queue, running } = queueOf(segments, () => 1);
    queue.push('a');
    queue.push('b');
    await turn();
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await turn();
    expect(closed).toBe(false);
    for (const r of running.splice(0)) r.end();
    await closing;
    expect(segments).toEqual({ a: 0, b: 1 });
  });

  it('with the concurrency at 0, starts nothing until woken, but one segment at a time once none has started or ended for maxYieldMs', async () => {
    let concurrency = 0;
    const segments = { a: 1, b: 1, c: 1 };
    const { queue, running, endRunning } = queueOf(segments, () => concurrency, 100);
    for (const arn of Object.keys(segments)) queue.push(arn);
    await turn();
    expect(running).toHaveLength(0); // yielding: the last progress (the queue's creation) is under 100 ms old
    await new Promise((resolve) => setTimeout(resolve, 120));
    await turn();
    expect(running.map((r) => r.arn)).toEqual(['a']); // starved for 100 ms: one starts, and only one
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(running.map((r) => r.arn)).toEqual(['a']);
    const ended = performance.now();
    await endRunning();
    expect(running).toHaveLength(0); // the next waits 100 ms after the previous one ended
    await new Promise((resolve) => setTimeout(resolve, 120));
    await turn();
    expect(running.map((r) => r.arn)).toEqual(['b']);
    expect(performance.now() - ended).toBeGreaterThanOrEqual(100);
    concurrency = 4;
    queue.wake();
    await turn();
    expect(running.map((r) => r.arn)).toEqual(['b', 'c']);
    await endRunning();
    await queue.idle();
    await queue.close();
  });
});

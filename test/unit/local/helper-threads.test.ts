/**
 * infra/local/helper-threads.ts: V8's helper threads at nice 10; the event loop's thread and the
 * others (libuv's pool) as they were. In a fresh process: the test runner's threads stay as they are.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HELPER_THREADS_NICE } from '#infra/local/helper-threads.ts';

const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);

describe.runIf(process.platform === 'linux')('the priority of V8’s helper threads', () => {
  it('lowers every V8Worker thread to nice 10, and no other thread', () => {
    const script = `
      const { lowerHelperThreadsPriority } = await import(${url('../../../infra/local/helper-threads.ts')});
      const { threadsOf } = await import(${url('../../support/threads.ts')});
      await import('node:fs/promises').then((fs) => fs.stat(process.execPath)); // libuv's pool started
      const lowered = lowerHelperThreadsPriority();
      console.log(JSON.stringify({ lowered, threads: threadsOf('self') }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { lowered, threads } = JSON.parse(run.stdout) as { lowered: number; threads: { name: string; nice: number }[] };
    const helpers = threads.filter((t) => t.name.startsWith('V8Worker'));
    expect(helpers.length).toBeGreaterThan(0);
    expect(threads.some((t) => t.name.startsWith('libuv-worker'))).toBe(true);
    expect(lowered).toBe(helpers.length);
    for (const t of threads) expect(t).toEqual({ name: t.name, nice: t.name.startsWith('V8Worker') ? HELPER_THREADS_NICE : 0 });
  });
});

/**
 * Stopping the local platform gives back everything it took: its ports and sockets, its file
 * descriptors (LevelDB, the runtime's journal, the emails file), its timers, and the temporary files
 * of a platform without a data directory — so that a process (a test runner's worker, `npm run demo`)
 * can start and stop platforms without accumulating them. A data directory stays, by design.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startPlatform } from '#infra/local/platform.ts';
import { privateTmpdir } from '#test/support/private-tmpdir.ts';

// What the platform makes in os.tmpdir() goes to a private one here, so that what stays can be listed.
const temporary = privateTmpdir('platform-stop-');

/** The descriptors and the handles (sockets, servers, timers…) this process holds, by kind. */
function held() {
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  return { descriptors: readdirSync('/proc/self/fd').length, handles };
}

it.runIf(existsSync('/proc/self/fd'))(
  'holds no descriptor, handle or temporary file once stopped, in memory or on disk',
  async () => {
    const before = held();
    for (const dataDir of [undefined, join(temporary, 'data')]) {
      const platform = await startPlatform({
        startAt: new Date('2026-03-02T08:00:00Z'),
        tickMs: 3_600_000,
        ...(dataDir ? { dataDir } : {}),
      });
      await platform.tick();
      await platform.stop();
    }
    // Handles closed during stop() leave the list once their close callbacks have run.
    await new Promise((resolve) => setImmediate(resolve));
    // Nothing more than before (a timer of the test runner's may have ended meanwhile).
    const after = held();
    expect(after.descriptors).toBeLessThanOrEqual(before.descriptors);
    for (const [kind, count] of Object.entries(after.handles)) expect(count, kind).toBeLessThanOrEqual(before.handles[kind] ?? 0);
    expect(readdirSync(temporary)).toEqual(['data']);
  },
  60_000,
);

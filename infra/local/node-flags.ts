/**
 * The V8 flags the local platform runs with: `npm start` and `npm run demo` pass them (package.json),
 * and so do the benchmarks that start a platform (bench/run.ts; run alone, they start themselves
 * again with them).
 *
 * `--max-semi-space-size=16`: Node 24's V8 sizes the young generation from the heap limit, so on a
 * machine with 24 GB its two semi-spaces grow to 64 MB each, which the platform's short-lived
 * garbage (requests, items, histories) fills between scavenges: about 100 MB more resident for no
 * CPU saved (bench/campaign.ts, N=100: peak RSS ≈ 500 → 310–390 MB, the same user CPU). 16 MB is
 * what Node 18 used by default.
 *
 * `--heap-growing-percent=30`: after a full collection V8 lets the old generation grow by a factor
 * it picks up to 4× the live heap on a machine with more than 2 GB of heap limit, so a platform
 * whose live data is ≈ 60 MB held 150–230 MB of heap and, its garbage keeping external buffers
 * alive longer, as much again outside it. 1.3× bounds that (bench/campaign.ts, N=100, on disk:
 * peak RSS 410–460 → 256–266 MB; 6 → 37 full collections of a 60 MB heap, each a few tens of
 * ms: ≈ 1–2 % of the run's CPU). `--optimize-for-size` was measured too: 2× the CPU.
 */
import { spawnSync } from 'node:child_process';

export const PLATFORM_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16', '--heap-growing-percent=30'];

/** Whether a process's Node options include every platform flag. */
export function hasPlatformFlags(execArgv: readonly string[] = process.execArgv): boolean {
  return PLATFORM_NODE_FLAGS.every((flag) => execArgv.includes(flag));
}

/**
 * For a script that starts a platform in its own process (a benchmark run alone): unless it has the
 * platform flags, runs the same script again with them, waits for it and exits with its status.
 */
export function relaunchWithPlatformFlags(): void {
  if (hasPlatformFlags()) return;
  const missing = PLATFORM_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  const run = spawnSync(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

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
 */
import { spawnSync } from 'node:child_process';

export const PLATFORM_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];

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

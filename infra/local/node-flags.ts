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
 * `--heap-growing-percent=50`: after a full collection V8 lets the old generation grow by a factor
 * it picks up to 4× the live heap on a machine with more than 2 GB of heap limit, so a platform
 * whose live data is ≈ 60 MB held 150–230 MB of heap and, its garbage keeping external buffers
 * alive longer, as much again outside it. 1.3× bounded that first (bench/campaign.ts, N=100, on
 * disk: peak RSS 410–460 → 256–266 MB; 6 → 37 full collections of a 60 MB heap, each a few tens
 * of ms: ≈ 1–2 % of the run's CPU); 1.5× since 2026-12-05, with the two flags below (next
 * paragraph). `--optimize-for-size` was measured too: 2× the CPU.
 *
 * `--no-allocation-site-pretenuring`, `--no-page-promotion`: under load the objects of the requests
 * in flight (50 clients queue behind one event loop) outlive a scavenge or two, and V8 took them
 * for long-lived: it allocated those of 146 allocation sites straight in the old generation
 * (`--trace-pretenuring`: "tenure" decisions in an inbox run) and moved whole young pages there, all
 * garbage a few ms later that only a full collection reclaims. Without pretenuring, what an inbox
 * run promotes fell 66 → 55 MB (`--trace-gc-nvp`); without both, the process's CPU per GET +
 * decision fell ≈ 15–25 % (its GC helper threads' most of all). With the old generation let grow
 * 1.5×, a full collection comes about half as often, and the bench's client rounds meet fewer of
 * them (each one's concurrent marking and sweeping took a CPU of the two from the event loop and
 * the clients): `node bench/inbox-load.ts --clients 50 --dossiers 150 --rounds 3`, seven series of
 * interleaved runs on 2026-12-05 10:42–11:51 (machine at its usual speed, 26–28 µs per loopback
 * request): decision p99 ≤ 50 ms in 31 of 35 runs with one malloc arena and 54 of 55 with two,
 * against 56 of 80 for the settings before (series medians 41.45–46.2 ms against 45.1–50.9; in the
 * last series lower in 10 of 10 pairs; the main thread's CPU per GET + decision 0.95–1.04 against
 * 1.04–1.23 ms; `GET /taches` p99 ≤ 50 in 33 of 35 against 30 of 35). As the machine slows the
 * gain shrinks: at 28.6–28.9 µs (12:22–12:25) 7 of 10 runs against 3 of 10, lower in 9 of 10
 * pairs; at 29–33 µs (12:05–12:09) 2 of 10 each way, 5 of 10 pairs. Each part alone gave less: the
 * two flags cut the CPU as much but the p99 less (under 50 ms in 56 of 76 runs against 48 of 76,
 * series medians 43.1–49.7 against 46.6–49.85 ms), 1.5× alone 47.4 against 50.9 (15 runs a side),
 * and 1.4× was worse than 1.3× (a full collection fell in every client round: decision p99 65.1
 * ms) — where the collections fall against a burst of requests matters as much as how many there
 * are. The memory it costs: bench/campaign.ts, N=1,000, peak RSS 291–297 MB with two malloc
 * arenas, 280–302 with one (`PLATFORM_ENV` below; 7 runs, median 287, one over 300), against
 * 272–289 for the flags alone and 273–311 for the settings before (9 runs, median 278, one over
 * 300), runs interleaved on 2026-12-05; N=1,000 in 55.5–57.2 s (17.5–18 lives per second) against
 * 56.6–63.5; N=25 and N=100 ≈ +10 MB (`npm run bench`: 178 → 188, 203 → 212 MB), their CPU per
 * dossier −9 % (101.9 → 93, 81.5 → 73.5 ms).
 *
 * Measured at N=1,000 and not adopted (BENCH_PLATFORM_FLAGS, traced with bench/memory-trace.ts,
 * against the same code run at the same time): `--minor-ms` (the young generation swept in place:
 * 14 MB of new space instead of 32, but the old generation grew faster: peak 310 MB against 301),
 * `--single-threaded-gc` (old space and malloc heap both grew: 374 MB by mid-run),
 * `--max-semi-space-size=12` (V8 rounds a semi-space to a power of two: the same 32 MB as 16),
 * `--heap-growing-percent=20` (+3 % CPU per dossier at N=100 in the one pair the machine allowed).
 * `--heap-growing-percent=50` before it was adopted (with the two flags and one arena, above): on
 * 2026-12-04 (Intel Xeon, quiet) decision p99 at 50 clients 45.5 / 53.4 / 49.1 / 55.1 / 43.0 → 44.5 /
 * 43.5 / 46.3 / 51.1 / 43.3 ms in 5 pairs, but N=1,000 peak RSS 280 → 299 MB; on 2026-12-05 morning,
 * machine 1.3–1.8× slower than usual, an inbox run's mark-compacts 15 → 10 but decision p99 71.65
 * against 64.9 ms (10 runs each). On 2026-12-05, with the platform run from built JavaScript and its
 * GC helper threads at nice 10: `--max-semi-space-size=32` (a young generation that outlives the 50
 * queued requests, whose objects are most of what is promoted) gave `GET /taches` p99 45.85 → 40.6
 * ms (7 of 10 pairs lower), decision p99 51.3 → 49.75 (3 of 10), but N=1,000 peak RSS 288 → 311 MB.
 */
import { spawnSync } from 'node:child_process';
import { buildEntry } from './built-entry.ts';

export const PLATFORM_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=16',
  '--heap-growing-percent=50',
  '--no-allocation-site-pretenuring',
  '--no-page-promotion',
];

/**
 * The environment the platform's process runs with. `MALLOC_ARENA_MAX=1`: glibc's malloc gives each
 * thread that allocates concurrently an arena of its own, up to 8 per core, and never hands a freed
 * arena's pages back while a chunk at its top is in use. The platform's threads (V8's compiler and
 * GC helpers, libuv's pool, LevelDB's compaction) fragmented as many arenas, and native memory
 * grew with the run: bench/campaign.ts, N=1,000, on disk, peak RSS 407 → 367 MB with 2 arenas (at
 * the same phase of the run: 404 → 337 MB). One arena (2026-12-05, with the old generation let grow
 * 1.5×, `PLATFORM_NODE_FLAGS`): 291–297 → 280–302 MB (median 287), the platform's CPU per dossier
 * the same (76 ms); the threads that share it allocate little next to the event loop.
 *
 * `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_` pinned at glibc's initial 128 KB: by default
 * glibc raises both each time a block it had mapped on its own is freed (the mmap threshold to that
 * block's size, up to 32 MB; the trim threshold to twice that). Once the platform had freed a few
 * transient blocks of several MB, every later block below that size came from the arena and up to
 * twice that much free memory stayed at its top: the main arena grew from 16 to 61 MB over a
 * campaign (malloc_stats mid-run at N=1,000: 45 MB held, 21 MB in use; `malloc_trim(0)` from a
 * debugger gave 31 MB back at once). Pinned, a block of 128 KB or more is mapped on its own and
 * unmapped when freed, and a free top over 128 KB goes back to the system (later in such a run: 33 MB
 * held, 17 MB in use; the rest are holes between blocks in use, which only malloc_trim, out of
 * JavaScript's reach, would give back): bench/campaign.ts, N=1,000, on disk, peak RSS 326–329 →
 * 290 MB, the main arena 61 → 37 MB at the end; N=100: 219–229 → 212–221 MB; steady load
 * (bench/steady-load.ts) 212.7 → 226 MB, 1.063×, against 200.8 → 202.3 MB, 1.007×. About as many
 * mmap/munmap calls as before (≈ 100 in 15 s under strace, either way); platform CPU per dossier
 * the same (3 pairs run side by side, N=100, loaded machine: 437/422/405 → 456/416/406 ms, +1 %).
 *
 * glibc reads these once, when the process starts, so they cannot be set from inside: the process
 * starts itself again with them (`ensurePlatformEnvironment`). Other C libraries ignore them.
 */
export const PLATFORM_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '1',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/** Whether an environment holds every platform variable. */
export function hasPlatformEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return Object.entries(PLATFORM_ENV).every(([name, value]) => env[name] === value);
}

/** Whether this process can replace itself by another command (`ensurePlatformEnvironment`). */
export const canReplaceItself = (): boolean => process.platform === 'linux' && typeof process.execve === 'function';

/**
 * For the platform's entry point (`npm start`), before anything else runs: unless the process has
 * the platform environment, replaces it (execve: the same pid, stdio and signals, no parent left
 * waiting) by the same command with it — or by `script` (the entry built, built-entry.ts) with the
 * same arguments. Only on Linux, the one place it matters (glibc); elsewhere, or where execve is
 * missing, the process goes on as it is.
 */
export function ensurePlatformEnvironment(script?: string): void {
  if ((hasPlatformEnvironment() && !script) || !canReplaceItself()) return;
  const command = script ? [script, ...process.argv.slice(2)] : process.argv.slice(1);
  process.execve!(process.execPath, [process.execPath, ...process.execArgv, ...command], { ...process.env, ...PLATFORM_ENV });
}

/** Whether a process's Node options include every platform flag. */
export function hasPlatformFlags(execArgv: readonly string[] = process.execArgv): boolean {
  return PLATFORM_NODE_FLAGS.every((flag) => execArgv.includes(flag));
}

/**
 * For a script that starts a platform in its own process (a benchmark run alone): unless it has the
 * platform flags and environment, runs the same script again with them, built into JavaScript as
 * `npm start` runs (built-entry.ts), waits for it and exits with its status.
 */
export async function relaunchWithPlatformFlags(): Promise<void> {
  if (hasPlatformFlags() && hasPlatformEnvironment()) return;
  const missing = PLATFORM_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  const script = process.argv[1]!.endsWith('.ts') ? await buildEntry(process.argv[1]!) : process.argv[1]!;
  const run = spawnSync(process.execPath, [...missing, ...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ...PLATFORM_ENV },
  });
  process.exit(run.status ?? 1);
}

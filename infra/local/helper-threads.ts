/**
 * The platform's process runs V8's helper threads (`V8Worker`: concurrent marking, parallel
 * scavenges, background compilation) at a lower priority than its event loop: nice 10.
 *
 * Why: on a machine of few cores the event loop — every API request, the engine, the workflows —
 * shares the CPUs with the clients and with V8's helpers. Under load a major collection's concurrent
 * marking takes 140–225 ms of CPU, every ≈ 0.5 s (`--trace-gc-nvp`, inbox bench, 2026-12-05), a
 * core the event loop then waited for. At a lower priority the marking runs on what the loop and
 * the clients leave. Inbox bench (50 clients, `node bench/inbox-load.ts --clients 50 --dossiers 150
 * --rounds 3`), interleaved runs on 2026-12-05, on a machine 1.3–1.5× slower than usual: decision
 * p99 lower in 33 of 52 pairs (four series, medians 65.55 → 54.2, 74.2 → 65.45, 68.1 → 66.6 and 71.7 → 65.1 ms;
 * the worst runs 102–107 → 75–102), `GET /taches` p99 in 29 of 52 (no change); nice 5 did less. The
 * price is memory where both cores stay busy for long: the marking lags and the heap grows
 * meanwhile — a 1,000-dossier campaign peaks at 271–288 MB instead of 261–262 (bench/campaign.ts
 * --n 1000), N=100 at 199–201 instead of 187–194, for the same throughput. (Before the platform ran
 * from built JavaScript, built-entry.ts, the same setting took N=1,000 over the 300 MB goal: 304–352 MB.)
 * Measured again with the collector settings of 2026-12-05 afternoon (node-flags.ts; two malloc
 * arenas then): back at nice 0, decision p99 median 44.95 against 42.95 ms (10 runs a side, nice 10
 * lower in 7 pairs), N=1,000 281–298 MB against 291–297 at nice 10 — the memory price no longer shows.
 *
 * Linux only (a thread's own nice value, through /proc/self/task); raising it needs no privilege.
 * V8 starts its helpers with the process, so once, at the start, is enough.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

export const HELPER_THREADS_NICE = 10;

/** Lowers the priority of this process's V8 helper threads; returns how many it lowered (0 where it cannot). */
export function lowerHelperThreadsPriority(): number {
  if (process.platform !== 'linux') return 0;
  let lowered = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (!readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').startsWith('V8Worker')) continue;
      setPriority(Number(tid), HELPER_THREADS_NICE);
      lowered++;
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return lowered;
}

/**
 * The local platform in a process of its own, as `npm start` runs it (its V8 flags and environment,
 * no client in its event loop), driven by the benchmark that spawned it over IPC:
 * `startPlatformProcess(options)` gives its endpoints, `tick()` (one scheduler tick, resolved once
 * its work is done, as `Platform.tick`), its CPU time and peak RSS so far, and `stop()`. With
 * `counters`, the DynamoDB counters (bench/counters.ts) are installed in it before the platform
 * starts, and `campaignCounters()` collects there what the cost model reads
 * (bench/campaign-counters.ts). The same file, built, is the child's entry.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntry } from '#infra/local/built-entry.ts';
import { PLATFORM_ENV, PLATFORM_NODE_FLAGS } from '#infra/local/node-flags.ts';
import type { PlatformSideCounters } from './campaign-counters.ts';

type Op = 'tick' | 'cpu' | 'mainCpu' | 'usage' | 'cpuLatencies' | 'preciseCpuLatencies' | 'gcPauses' | 'campaignCounters' | 'stop';
type Request = { id: number; op: Op };
type Reply = { id: number; value?: unknown; error?: string } | { ready: Endpoints } | { failed: string };

export interface PlatformProcessOptions {
  startAt: Date;
  tickMs: number;
  /**
   * Data on disk, as `npm start` keeps it, in a temporary directory removed once the process has
   * exited; in memory without it.
   */
  onDisk?: boolean;
  /** Installs the DynamoDB counters in the platform process (bench/counters.ts). */
  counters?: boolean;
  /**
   * Measures each request's latency in the main thread's CPU time (`cpuLatencies()`), and stamps each
   * answer with that clock when it was written (header `x-platform-cpu-ms`: the clock
   * `mainThreadCpuClock` reads in /proc from outside). Two readings per request, ≈ 2 µs each (see
   * `mainThreadCpuMs` in the child). Stamps it too with the wall-clock instants, in ms since the epoch
   * to the µs (`performance.timeOrigin + performance.now()`, the clock every process of the machine
   * shares), at which the platform read the request and wrote the answer (header `x-platform-wall-ms`:
   * both, space-separated): what the client cannot see of its own request's latency.
   */
  cpuLatencies?: boolean;
  /** Records the main thread's garbage-collection pauses (perf_hooks 'gc' entries) for `gcPauses()`. */
  gcPauses?: boolean;
}

/** A garbage-collection pause of the platform's main thread: a full (mark-compact) collection, a scavenge, or another kind. */
export interface GcPause {
  kind: 'major' | 'minor' | 'other';
  ms: number;
}

interface Endpoints {
  api: string;
  ses: string;
}

export interface PlatformUsage {
  /** The platform process's CPU time (user + system) so far, in ms. */
  cpuMs: number;
  /** Its peak resident set size so far, in MB (the platform starts no other process: its threads are in it). */
  peakRssMb: number;
  /** Heap in use after a full GC, in MB. */
  liveHeapMb: number;
  /** The platform clock. */
  now: string;
}

export interface PlatformProcess extends Endpoints {
  /** The platform process's id (bench/inbox-load.ts reads its main thread's CPU time in /proc). */
  pid: number;
  tick(): Promise<void>;
  /** Its CPU time so far, in ms. */
  cpuMs(): Promise<number>;
  /** The main thread's CPU time so far, in ms (accounted up to now). */
  mainThreadCpuMs(): Promise<number>;
  /** CPU time, peak RSS, live heap (after a full GC: call it when a collection does not disturb what is measured). */
  usage(): Promise<PlatformUsage>;
  /**
   * Each request answered since the last call, by `METHOD path` (its second segment as `{id}`): the
   * CPU time the platform's main thread — its event loop, which every request waits for — spent
   * from its arrival to its answer: its latency in CPU time, which other processes on the machine do
   * not skew as they skew its wall time. Each reading lags by up to one scheduler tick (4 ms on
   * these machines) unless `preciseCpuLatencies()` was called.
   */
  cpuLatencies(): Promise<Record<string, number[]>>;
  /** From now on, each request's CPU time read to the microsecond: for requests alone (it costs, see `mainThreadCpuMs`). */
  preciseCpuLatencies(): Promise<void>;
  /** Started with `gcPauses`: the garbage-collection pauses since the last call. */
  gcPauses(): Promise<GcPause[]>;
  /** Started with `counters`: the campaign's counters read inside the platform (bench/campaign-counters.ts). */
  campaignCounters(): Promise<PlatformSideCounters>;
  stop(): Promise<void>;
}

/** A field of a process's main thread's schedstat (Linux /proc), in ms so far; undefined where it cannot be read. */
function schedstatClock(pid: number, field: 0 | 1): (() => number) | undefined {
  const file = `/proc/${pid}/task/${pid}/schedstat`;
  const read = () => Number(readFileSync(file, 'utf8').split(' ')[field]) / 1e6;
  try {
    read();
    return read;
  } catch {
    return undefined;
  }
}

/**
 * The CPU time of a process's main thread so far, in ms (Linux /proc), as the kernel last accounted
 * it (up to a scheduler tick behind: the platform stamps its answers with the same clock);
 * undefined where it cannot be read.
 */
export const mainThreadCpuClock = (pid: number) => schedstatClock(pid, 0);

/**
 * How long a process's main thread has waited so far, runnable, for a CPU (the run queue), in ms
 * (Linux /proc); undefined where it cannot be read. Where the platform shares the machine's cores with
 * V8's helper threads and the bench's client, its requests waited as long as its main thread did,
 * whatever its code did.
 */
export const mainThreadWaitClock = (pid: number) => schedstatClock(pid, 1);

/**
 * With `BENCH_CPU_PROF_DIR` set, the platform process writes a V8 CPU profile there when it stops
 * (`node --cpu-prof`): where a benchmark's platform CPU goes, e.g.
 * `BENCH_CPU_PROF_DIR=/tmp/prof node bench/campaign.ts --n 100`.
 */
function cpuProfileFlags(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * With `BENCH_PLATFORM_FLAGS` set, the platform process runs with these V8 flags too (after the
 * platform's own): a GC setting measured against the default, e.g.
 * `BENCH_PLATFORM_FLAGS=--single-threaded-gc node bench/inbox-load.ts`.
 */
const extraFlags = (flags: string | undefined) => flags?.split(' ').filter(Boolean) ?? [];

/** What the child is given: the options, and the data directory made for `onDisk`. */
type ChildOptions = PlatformProcessOptions & { dataDir?: string };

/** The child's script: this file built into JavaScript, as `npm start` runs (infra/local/built-entry.ts); built once per benchmark process. */
let childScript: Promise<string> | undefined;

/** Starts the platform (HTTP API on port 0) in a child process; `startAt`, `tickMs` and the data directory as `startPlatform`'s. */
export async function startPlatformProcess(options: PlatformProcessOptions): Promise<PlatformProcess> {
  const script = await (childScript ??= buildEntry(fileURLToPath(import.meta.url)));
  const dataDir = options.onDisk ? mkdtempSync(join(tmpdir(), 'bench-platform-')) : undefined;
  const child = fork(script, [JSON.stringify({ ...options, dataDir } satisfies ChildOptions)], {
    execArgv: [
      ...PLATFORM_NODE_FLAGS,
      '--expose-gc',
      ...cpuProfileFlags(process.env.BENCH_CPU_PROF_DIR),
      ...extraFlags(process.env.BENCH_PLATFORM_FLAGS),
    ],
    env: { ...process.env, ...PLATFORM_ENV },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const ask = (op: Op) =>
    new Promise<any>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      child.send({ id, op } satisfies Request);
    });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      const error = new Error(`the platform process exited (${code ?? signal})`);
      for (const p of pending.values()) p.reject(error);
      reject(error);
    });
    child.on('message', (reply: Reply) => {
      if ('failed' in reply) return reject(new Error(reply.failed));
      if ('ready' in reply)
        return resolve({
          ...reply.ready,
          pid: child.pid as number,
          tick: async () => void (await ask('tick')),
          cpuMs: () => ask('cpu'),
          mainThreadCpuMs: () => ask('mainCpu'),
          usage: () => ask('usage'),
          cpuLatencies: () => ask('cpuLatencies'),
          preciseCpuLatencies: async () => void (await ask('preciseCpuLatencies')),
          gcPauses: () => ask('gcPauses'),
          campaignCounters: () => ask('campaignCounters'),
          stop: async () => {
            const exited = new Promise((done) => child.once('exit', done));
            await ask('stop');
            await exited;
          },
        });
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error) p?.reject(new Error(reply.error));
      else p?.resolve(reply.value);
    });
  });
}

// The child: the platform, answering its parent.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const options = JSON.parse(process.argv[2]!) as ChildOptions;
  // Before dynalite loads: the counters wrap its modules.
  if (options.counters) (await import('./counters.ts')).installDynamoCounters();
  if (process.env.BENCH_MEMORY_TRACE) (await import('./memory-trace.ts')).startMemoryTrace(process.env.BENCH_MEMORY_TRACE);
  if (process.env.BENCH_DYNAMO_RECORD) (await import('./dynamo-replay.ts')).recordDynamoRequests(process.env.BENCH_DYNAMO_RECORD);
  // As `npm start` (infra/local/serve.ts): the environment read from a plain copy, V8's helper threads below the event loop.
  (await import('#infra/local/plain-env.ts')).usePlainProcessEnv();
  (await import('#infra/local/helper-threads.ts')).lowerHelperThreadsPriority();
  const { startPlatform } = await import('#infra/local/platform.ts');
  const { Server } = await import('node:http');
  const send = (reply: Reply) => process.send?.(reply);
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  /**
   * The main thread's CPU time so far, in ms, as the kernel last accounted it: process.threadCpuUsage()
   * (getrusage RUSAGE_THREAD, ≈ 2 µs, takes no lock). The kernel accounts a thread that runs without a
   * break at each scheduler tick (CONFIG_HZ=250 on these machines: every 4 ms), so a reading lags by
   * up to 4 ms — unbiased over many requests of a busy loop, useless for one request alone. `precise`
   * first makes the kernel account the calling thread up to now: process.cpuUsage() does it
   * (getrusage RUSAGE_SELF updates the caller's runtime before summing the threads'), but it takes the
   * run queue's lock, which another vCPU holds at times: under load on these VMs 1 % of the calls took
   * 1–5 ms (measured in this process at 50 clients: a median of 5 µs, a mean of 44–150 µs). Two of
   * those per request were 0.3 ms of each request's CPU, about 20 % of the CPU per decision while the
   * clients ran (2026-12-04, 4 interleaved pairs of bench/inbox-load.ts with and without them: 3.26
   * against 2.60 ms), so the rounds read the clock as accounted, and only requests alone
   * (`preciseCpuLatencies()`) pay for the precise reading.
   */
  let precise = false;
  const mainThreadCpuMs = () => {
    if (precise) process.cpuUsage();
    const { user, system } = process.threadCpuUsage();
    return (user + system) / 1000;
  };
  let cpuLatencies: Record<string, number[]> = {};
  let gcPauses: GcPause[] = [];
  if (options.gcPauses) {
    const { PerformanceObserver, constants } = await import('node:perf_hooks');
    const kindOf = (kind: number): GcPause['kind'] =>
      kind === constants.NODE_PERFORMANCE_GC_MAJOR ? 'major' : kind === constants.NODE_PERFORMANCE_GC_MINOR ? 'minor' : 'other';
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        gcPauses.push({ kind: kindOf((entry as unknown as { detail: { kind: number } }).detail.kind), ms: entry.duration });
    }).observe({ entryTypes: ['gc'] });
  }
  const emit = Server.prototype.emit;
  if (options.cpuLatencies)
    Server.prototype.emit = function (this: InstanceType<typeof Server>, event: string, ...args: unknown[]) {
      if (event === 'request') {
        const [request, response] = args as [import('node:http').IncomingMessage, import('node:http').ServerResponse];
        const arrived = mainThreadCpuMs();
        const read = (performance.timeOrigin + performance.now()).toFixed(3);
        // `/taches/<id>/decision` → `/taches/{id}/decision`
        const key = `${request.method} ${(request.url ?? '').split('?')[0]!.replace(/^(\/[^/]+\/)[^/]+/, '$1{id}')}`;
        // Two readings per request: its arrival, and its answer's head (stamped on it, and the latency's
        // end: the body follows at once); an answer without writeHead reads the clock when it is sent.
        let answered: number | undefined;
        response.once('finish', () => (cpuLatencies[key] ??= []).push((answered ?? mainThreadCpuMs()) - arrived));
        const writeHead = response.writeHead;
        response.writeHead = function (this: typeof response, ...head: unknown[]) {
          answered = mainThreadCpuMs();
          this.setHeader('x-platform-cpu-ms', String(answered));
          this.setHeader('x-platform-wall-ms', `${read} ${(performance.timeOrigin + performance.now()).toFixed(3)}`);
          return writeHead.apply(this, head as Parameters<typeof writeHead>);
        } as typeof writeHead;
      }
      return (emit as (this: unknown, ...all: unknown[]) => boolean).call(this, event, ...args);
    } as typeof emit;
  try {
    const platform = await startPlatform({
      startAt: new Date(options.startAt),
      tickMs: options.tickMs,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      log: (line) => void (line.includes('error') ? process.stderr.write(`  ${line}\n`) : undefined),
    });
    process.on('message', async ({ id, op }: Request) => {
      try {
        if (op === 'tick') await platform.tick();
        if (op === 'cpu') return send({ id, value: cpuNow() });
        if (op === 'mainCpu') {
          process.cpuUsage(); // accounts the main thread up to now (see mainThreadCpuMs)
          const { user, system } = process.threadCpuUsage();
          return send({ id, value: (user + system) / 1000 });
        }
        if (op === 'usage') {
          const peakRssMb = process.resourceUsage().maxRSS / 1024; // before the collection below
          (globalThis as { gc?: () => void }).gc?.();
          const value: PlatformUsage = {
            cpuMs: cpuNow(),
            peakRssMb,
            liveHeapMb: process.memoryUsage().heapUsed / 2 ** 20,
            now: platform.clock.now().toISOString(),
          };
          return send({ id, value });
        }
        if (op === 'cpuLatencies') {
          send({ id, value: cpuLatencies });
          cpuLatencies = {};
          return;
        }
        if (op === 'preciseCpuLatencies') {
          precise = true;
          return send({ id });
        }
        if (op === 'gcPauses') {
          send({ id, value: gcPauses });
          gcPauses = [];
          return;
        }
        if (op === 'campaignCounters') {
          if (!options.counters) throw new Error('the platform process was started without counters');
          const { platformSideCounters } = await import('./campaign-counters.ts');
          return send({ id, value: await platformSideCounters(platform) });
        }
        if (op === 'stop') {
          await platform.stop();
          send({ id });
          return process.disconnect();
        }
        send({ id });
      } catch (error) {
        send({ id, error: String((error as Error)?.stack ?? error) });
      }
    });
    send({ ready: { api: platform.api, ses: platform.ses } });
  } catch (error) {
    send({ failed: String((error as Error)?.stack ?? error) });
    process.exit(1);
  }
}

/**
 * (4) The instructor's inbox and a decision under load: on the local platform (its data on disk in a
 * temporary directory as `npm start` keeps it, or in memory with `--memory` as the tests keep it;
 * HTTP API on port 0), K dossiers wait for their completeness check; 50 concurrent clients — the
 * instructors of the nine territories — each read their inbox (GET /taches) and decide one of its
 * tasks (POST /taches/:id/decision), until every task is decided. The workflows move on behind
 * them (each decision resumes an execution). Latencies per route: p50/p95/p99; errors (any
 * status outside 2xx, or a failed request) must be 0. Several rounds, each on fresh dossiers;
 * each figure is the median over the rounds.
 *
 * What the 50-client figure is: the platform runs in a process of its own, as `npm start` runs it
 * (bench/platform-process.ts), the clients in this one; the whole platform — the HTTP API,
 * dynalite, the Step Functions runtime and the workflow functions — shares one event loop on one
 * core, so 50 requests in flight queue behind each other and behind the workflow work each
 * decision resumes (on AWS each request has its own Lambda instance, and the workflow runs
 * elsewhere).
 * The decision answers after its three round trips (the task with its dossier, the commit,
 * SendTaskSuccess, which returns once the runtime has recorded the answer: the execution goes on
 * without it); in a closed loop its latency is ≈ clients ÷ throughput. `oneAtATime` is the
 * service time: the same decision, one client, each after the platform is idle.
 *
 * Run alone: `node bench/inbox-load.ts --clients 50 --dossiers 200 --rounds 3 [--memory]`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { catalog } from '#domain/catalog/index.ts';
import { withSiretCheckDigit } from '#domain/submission/index.ts';
import { IDENTITY_HEADER } from '#infra/local/http-api-server.ts';
import { validSubmissionFixture } from '#infra/local/sample-dossier.ts';
import { httpClient, median, percentile, pool, progress, round } from './lib.ts';
import { type GcPause, mainThreadCpuClock, mainThreadWaitClock, startPlatformProcess } from './platform-process.ts';

const instructeur = (t: string) => `service-instructeur:instructeur-${t}:${t}`;

export interface LatencySummary {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface InboxLoadResult {
  clients: number;
  /** Where the platform kept its data: on disk as `npm start` (the default since 2026-12-05), or in memory (`--memory`). */
  store: 'disk' | 'memory';
  dossiersPerRound: number;
  rounds: number;
  errors: number;
  inbox: LatencySummary;
  decision: LatencySummary;
  /** Requests per second during a round (median). */
  requestsPerSecond: number;
  /** The platform process's CPU time per decision over a round, the workflow work it resumes included (median). */
  platformCpuMsPerDecision: number;
  /**
   * The same while the clients run (a GET and a decision each, and what the platform runs meanwhile:
   * the background work that does not wait for the API, GC), before the round's workflow work is
   * let run (median of rounds): above `oneAtATimeCpu`'s GET + decision by what else shares the round.
   */
  platformCpuMsPerDecisionWhileClients: number;
  /**
   * The part of it spent by the main thread (median of rounds): the rest is the process's other threads,
   * V8's helpers above all (parallel scavenges, a major collection's concurrent marking, compilation),
   * which take the 2 vCPUs from the main thread and the clients without showing in its CPU clock.
   */
  platformMainThreadCpuMsPerDecisionWhileClients: number;
  /**
   * This bench process's own CPU time per request while the clients run (median of rounds): its 50
   * clients share one event loop on the platform's machine, so what it spends is both queueing in
   * every latency it records and CPU the platform's threads cannot use.
   */
  clientCpuMsPerRequest: number;
  /**
   * The same requests' latency in the CPU time of the platform's main thread (what its event loop
   * spent from a request's arrival to its answer, bench/platform-process.ts; each reading up to a
   * scheduler tick, 4 ms, behind): on a busy machine, other processes stretch the wall times above,
   * not these.
   */
  inboxCpu: LatencySummary;
  decisionCpu: LatencySummary;
  /**
   * The same requests' latency from the client's sending to the platform's writing the answer, in
   * the CPU time of the platform's main thread (Linux: /proc/<pid>/task/<pid>/schedstat, read by the
   * client before it sends; the platform stamps its answer with the same clock; each reading up to a
   * scheduler tick behind; absent elsewhere). Unlike
   * `inboxCpu`/`decisionCpu` it counts the time a request waits before the platform reads it (in
   * the socket, while the event loop runs other requests to completion); unlike the wall times, not
   * the time the client's own process takes to read the answer.
   */
  inboxSeenCpu?: LatencySummary;
  decisionSeenCpu?: LatencySummary;
  /**
   * Where the wall time of the slowest requests went: the slowest 5 % of each round's requests of a
   * route (8 of 150), their mean, in the round where it is the median of the rounds'. `beforeRead`:
   * from the client's sending to the platform's reading the request (the client's process writing
   * it, then the socket, while the platform's event loop runs other requests); `inPlatform`: read →
   * answer written; `afterAnswer`: the answer in the socket, then in the client's process until it
   * reads it — the bench's own share, which a client on another machine would not add. From the instants the platform stamps on its
   * answer (`x-platform-wall-ms`, bench/platform-process.ts) and the client's, on the clock both
   * processes share, each to about a millisecond.
   */
  slowest?: { inbox: WallSplit; decision: WallSplit };
  /**
   * The platform main thread's garbage-collection pauses while the clients ran (perf_hooks 'gc'
   * entries; median over the rounds): full collections per round, the longest pause of a round, and
   * a round's pauses in all. A pause stops every request in flight, so one long pause in a round lifts
   * its p99 by about its length.
   */
  gcDuringRounds: { majorsPerRound: number; longestPauseMs: number; pauseMsPerRound: number };
  /**
   * Each round's own figures, in order (the figures above are their medians): the p99s and the main
   * thread's CPU per GET + decision. The platform's JIT compilers are still at work in the first
   * rounds (each runs its code paths a few hundred times), so these show how far a figure is warm-up.
   * And what the round's requests waited for besides the platform's code: the time its main thread
   * waited, runnable, for a CPU (Linux only), and the CPU its other threads took meanwhile (V8's
   * concurrent marking, sweeping, scavenging and compiling): on a machine of two cores shared with
   * the bench's client, a round in which a full collection's marking runs has its main thread wait
   * tens of ms, and its p99s grow by as much.
   */
  perRound: {
    decisionP99: number;
    inboxP99: number;
    mainThreadCpuMsPerDecision: number;
    mainThreadWaitMs?: number;
    otherThreadsCpuMs: number;
  }[];
  /** The decision with nothing else in flight: one client, the platform idle before each (service time, no queueing). */
  oneAtATime: LatencySummary;
  /**
   * The main thread's CPU time of a request alone (the platform idle before it; read to the
   * microsecond): by Little's law, 50 clients wait at least 50 × the mean of these.
   */
  oneAtATimeCpu: { inbox: LatencySummary; decision: LatencySummary };
}

/** A request's wall time, and its three parts (`InboxLoadResult.slowest`), in ms. */
export interface WallSplit {
  total: number;
  beforeRead: number;
  inPlatform: number;
  afterAnswer: number;
}

/** The mean split of a round's slowest 5 % (at least one request). */
function slowestOf(splits: WallSplit[]): WallSplit {
  const slowest = [...splits].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.round(splits.length / 20)));
  const mean = (part: keyof WallSplit) => slowest.reduce((sum, x) => sum + x[part], 0) / slowest.length;
  return { total: mean('total'), beforeRead: mean('beforeRead'), inPlatform: mean('inPlatform'), afterAnswer: mean('afterAnswer') };
}

/** The split of the round whose slowest requests' mean is the median of the rounds' (its parts add up), to 0.1 ms. */
function medianSplit(rounds: WallSplit[][]): WallSplit {
  const of = rounds
    .filter((r) => r.length > 0)
    .map(slowestOf)
    .sort((a, b) => a.total - b.total);
  const mid = of[Math.floor(of.length / 2)] ?? { total: 0, beforeRead: 0, inPlatform: 0, afterAnswer: 0 };
  return {
    total: round(mid.total, 1),
    beforeRead: round(mid.beforeRead, 1),
    inPlatform: round(mid.inPlatform, 1),
    afterAnswer: round(mid.afterAnswer, 1),
  };
}

function summary(samples: number[][]): LatencySummary {
  return {
    requests: samples.reduce((s, x) => s + x.length, 0),
    p50: round(median(samples.map((x) => percentile(x, 50))), 1),
    p95: round(median(samples.map((x) => percentile(x, 95))), 1),
    p99: round(median(samples.map((x) => percentile(x, 99))), 1),
    max: round(Math.max(...samples.map((x) => Math.max(...x))), 1),
  };
}

export async function runInboxLoad(
  clients: number,
  perRound: number,
  rounds: number,
  opts: { memory?: boolean } = {},
): Promise<InboxLoadResult> {
  const platform = await startPlatformProcess({
    onDisk: !opts.memory,
    startAt: new Date('2026-03-02T08:00:00Z'),
    tickMs: 3_600_000,
    cpuLatencies: true,
    gcPauses: true,
  });
  const { ok, call } = httpClient(platform.api, IDENTITY_HEADER);
  const dispositifs = catalog.dispositifs.filter((d) => d.channel === 'e-partenaire' && d.perimeter.length === catalog.territories.length);
  const inboxSamples: number[][] = [];
  const decisionSamples: number[][] = [];
  const inboxCpuSamples: number[][] = [];
  const decisionCpuSamples: number[][] = [];
  const cpuClock = mainThreadCpuClock(platform.pid);
  const waitClock = mainThreadWaitClock(platform.pid);
  const inboxSeenSamples: number[][] = [];
  const decisionSeenSamples: number[][] = [];
  /**
   * The call; its latency in the platform main thread's CPU time (sent → answer written, the answer's
   * stamp) pushed to `seen`, and its wall time's split to `splits`.
   */
  const timedCall = async (seen: number[], splits: WallSplit[], ...args: Parameters<typeof call>) => {
    const sent = cpuClock?.();
    const sentAt = performance.timeOrigin + performance.now();
    const res = await call(...args);
    const answered = Number(res.headers.get('x-platform-cpu-ms'));
    if (sent !== undefined && answered) seen.push(answered - sent);
    const [readAt, answeredAt] = (res.headers.get('x-platform-wall-ms') ?? '').split(' ').map(Number);
    if (readAt && answeredAt) {
      splits.push({
        total: res.ms,
        beforeRead: readAt - sentAt,
        inPlatform: answeredAt - readAt,
        afterAnswer: sentAt + res.ms - answeredAt,
      });
    }
    return res;
  };
  const inboxSplits: WallSplit[][] = [];
  const decisionSplits: WallSplit[][] = [];
  const rates: number[] = [];
  const gcRounds: GcPause[][] = [];
  const cpuPerDecision: number[] = [];
  const cpuPerDecisionWhileClients: number[] = [];
  const mainCpuPerDecisionWhileClients: number[] = [];
  const mainWaitMs: (number | undefined)[] = [];
  const otherThreadsCpuMs: number[] = [];
  const clientCpuPerRequest: number[] = [];
  let errors = 0;
  /** Files dossiers `indexes`, each with its completeness-check task open in its territory's inbox once this resolves. */
  const file = async (indexes: number[]) => {
    const filed = await pool(indexes, 8, async (i) => {
      const territory = catalog.territories[i % catalog.territories.length]!.code;
      const body = validSubmissionFixture({ dispositifCode: dispositifs[i % dispositifs.length]!.code, territory });
      body.porteur.siret = withSiretCheckDigit(`8${String(i).padStart(12, '0')}`);
      const res = await ok('POST', '/dossiers', `porteur:load-${i}`, body, { 'idempotency-key': `load-dossier-${i}` });
      return { id: res.body.id as string, territory };
    });
    await platform.tick();
    return filed;
  };
  const oneAtATime: number[] = [];
  let serialCpu: Record<string, number[]> = {};
  try {
    for (let r = 0; r < rounds; r++) {
      // Fresh dossiers, each with its completeness-check task open in its territory's inbox.
      const dossiers = await file(Array.from({ length: perRound }, (_, k) => r * perRound + k));
      // Client c is an instructor of territory c mod 9; it decides the tasks of its share of that territory's dossiers.
      const territories = catalog.territories.map((t) => t.code);
      const clientTerritory = (c: number) => territories[c % territories.length]!;
      const clientsOf = (t: string) => Array.from({ length: clients }, (_, c) => c).filter((c) => clientTerritory(c) === t);
      // Dealt round-robin within the territory (its j-th dossier to its clients' j mod count): dealt by the
      // dossier's index in the round, which steps by 9 within a territory, 20 of the 50 clients got none.
      const share = new Map<number, Set<string>>();
      const dealt = new Map<string, number>();
      for (const d of dossiers) {
        const candidates = clientsOf(d.territory);
        const j = dealt.get(d.territory) ?? 0;
        dealt.set(d.territory, j + 1);
        const c = candidates[j % candidates.length]!;
        (share.get(c) ?? share.set(c, new Set()).get(c)!).add(d.id);
      }
      const inbox: number[] = [];
      const decision: number[] = [];
      const inboxSeen: number[] = [];
      const decisionSeen: number[] = [];
      const inboxSplit: WallSplit[] = [];
      const decisionSplit: WallSplit[] = [];
      inboxSplits.push(inboxSplit);
      decisionSplits.push(decisionSplit);
      const start = performance.now();
      const cpuAtStart = await platform.cpuMs();
      const mainCpuAtStart = await platform.mainThreadCpuMs();
      const waitAtStart = waitClock?.();
      await platform.cpuLatencies();
      await platform.gcPauses();
      const clientCpuAtStart = process.cpuUsage();
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const mine = share.get(c) ?? new Set<string>();
          const identity = instructeur(clientTerritory(c));
          while (mine.size > 0) {
            try {
              const list = await timedCall(inboxSeen, inboxSplit, 'GET', '/taches', identity);
              inbox.push(list.ms);
              if (list.status !== 200) {
                errors++;
                continue;
              }
              const task = (list.body.taches as { id: string; dossierId: string; etape: string }[]).find(
                (t) => t.etape === 'completeness-check' && mine.has(t.dossierId),
              );
              if (!task) throw new Error(`client ${c}: none of its ${mine.size} tasks in the inbox`);
              const res = await timedCall(decisionSeen, decisionSplit, 'POST', `/taches/${task.id}/decision`, identity, {
                decision: 'complete',
              });
              decision.push(res.ms);
              if (res.status !== 200) errors++;
              mine.delete(task.dossierId);
            } catch (error) {
              errors++;
              throw error;
            }
          }
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      const clientCpu = process.cpuUsage(clientCpuAtStart);
      clientCpuPerRequest.push((clientCpu.user + clientCpu.system) / 1000 / (inbox.length + decision.length));
      const waitAtEnd = waitClock?.();
      const cpu = (await platform.cpuMs()) - cpuAtStart;
      const mainCpu = (await platform.mainThreadCpuMs()) - mainCpuAtStart;
      cpuPerDecisionWhileClients.push(cpu / decision.length);
      mainCpuPerDecisionWhileClients.push(mainCpu / decision.length);
      otherThreadsCpuMs.push(cpu - mainCpu);
      mainWaitMs.push(waitAtStart === undefined || waitAtEnd === undefined ? undefined : waitAtEnd - waitAtStart);
      const cpuLatencies = await platform.cpuLatencies();
      gcRounds.push(await platform.gcPauses());
      inboxCpuSamples.push(cpuLatencies['GET /taches'] ?? []);
      decisionCpuSamples.push(cpuLatencies['POST /taches/{id}/decision'] ?? []);
      rates.push((inbox.length + decision.length) / seconds);
      inboxSamples.push(inbox);
      decisionSamples.push(decision);
      inboxSeenSamples.push(inboxSeen);
      decisionSeenSamples.push(decisionSeen);
      await platform.tick();
      cpuPerDecision.push(((await platform.cpuMs()) - cpuAtStart) / decision.length);
      progress(
        `inbox load round ${r + 1}/${rounds}: ${inbox.length + decision.length} requests in ${round(seconds, 1)} s, inbox p95 ${round(percentile(inbox, 95), 0)} ms, decision p95 ${round(percentile(decision, 95), 0)} ms`,
      );
    }
    // Service time: one client, one decision at a time, the platform idle before each.
    const serial = await file(Array.from({ length: Math.min(perRound, 100) }, (_, k) => rounds * perRound + k));
    await platform.cpuLatencies();
    await platform.preciseCpuLatencies();
    for (const d of serial) {
      const identity = instructeur(d.territory);
      const list = await ok('GET', '/taches', identity);
      const task = (list.body.taches as { id: string; dossierId: string }[]).find((t) => t.dossierId === d.id)!;
      await platform.tick();
      const res = await call('POST', `/taches/${task.id}/decision`, identity, { decision: 'complete' });
      if (res.status !== 200) errors++;
      oneAtATime.push(res.ms);
      await platform.tick();
    }
    serialCpu = await platform.cpuLatencies();
  } finally {
    await platform.stop();
  }
  return {
    clients,
    store: opts.memory ? 'memory' : 'disk',
    dossiersPerRound: perRound,
    rounds,
    errors,
    inbox: summary(inboxSamples),
    decision: summary(decisionSamples),
    inboxCpu: summary(inboxCpuSamples),
    decisionCpu: summary(decisionCpuSamples),
    ...(cpuClock ? { inboxSeenCpu: summary(inboxSeenSamples), decisionSeenCpu: summary(decisionSeenSamples) } : {}),
    slowest: { inbox: medianSplit(inboxSplits), decision: medianSplit(decisionSplits) },
    requestsPerSecond: round(median(rates), 0),
    gcDuringRounds: {
      majorsPerRound: median(gcRounds.map((g) => g.filter((p) => p.kind === 'major').length)),
      longestPauseMs: round(median(gcRounds.map((g) => Math.max(0, ...g.map((p) => p.ms)))), 1),
      pauseMsPerRound: round(median(gcRounds.map((g) => g.reduce((sum, p) => sum + p.ms, 0))), 1),
    },
    platformCpuMsPerDecision: round(median(cpuPerDecision), 2),
    platformCpuMsPerDecisionWhileClients: round(median(cpuPerDecisionWhileClients), 2),
    platformMainThreadCpuMsPerDecisionWhileClients: round(median(mainCpuPerDecisionWhileClients), 2),
    clientCpuMsPerRequest: round(median(clientCpuPerRequest), 2),
    perRound: decisionSamples.map((d, r) => ({
      decisionP99: round(percentile(d, 99), 1),
      inboxP99: round(percentile(inboxSamples[r]!, 99), 1),
      mainThreadCpuMsPerDecision: round(mainCpuPerDecisionWhileClients[r]!, 2),
      ...(mainWaitMs[r] === undefined ? {} : { mainThreadWaitMs: round(mainWaitMs[r]!, 1) }),
      otherThreadsCpuMs: round(otherThreadsCpuMs[r]!, 1),
    })),
    oneAtATime: summary([oneAtATime]),
    oneAtATimeCpu: {
      inbox: summary([serialCpu['GET /taches'] ?? []]),
      decision: summary([serialCpu['POST /taches/{id}/decision'] ?? []]),
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '50' },
      dossiers: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '3' },
      memory: { type: 'boolean', default: false },
    },
  });
  console.log(
    JSON.stringify(await runInboxLoad(Number(values.clients), Number(values.dossiers), Number(values.rounds), { memory: values.memory })),
  );
  process.exit(0);
}

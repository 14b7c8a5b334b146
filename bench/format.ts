/** The results as rows of a table (also stored in the JSON, so two runs compare row by row), and their printing. */
import type { CampaignResult } from './campaign.ts';
import type { CostResult } from './cost.ts';
import type { DurabilityResult } from './durability.ts';
import type { EnforcementSizeResult } from './enforcement.ts';
import type { InboxLoadResult, WallSplit } from './inbox-load.ts';
import type { PackageResult } from './packages.ts';
import type { SteadyLoadResult } from './steady-load.ts';
import { round } from './lib.ts';

export interface Row {
  section: string;
  metric: string;
  value: number | string;
  unit: string;
}

export interface CampaignSize {
  n: number;
  runs: CampaignResult[];
  /** Medians over the runs. */
  median: {
    seconds: number;
    dossiersPerSecond: number;
    transitionsPerSecond: number;
    peakRssMb: number;
    liveHeapMb?: number;
    msPerDossier: number;
    /** CPU time of the platform's process per dossier (absent from runs before it had a process of its own). */
    platformCpuMsPerDossier?: number;
  };
}

export interface Results {
  campaign?: {
    sizes: CampaignSize[];
    growth?: { from: number; to: number; exponent: number; msPerDossierRatio: number; rssPerDossierMb: number };
  };
  durability?: DurabilityResult;
  enforcement?: EnforcementSizeResult[];
  inbox?: InboxLoadResult;
  packages?: PackageResult[];
  cost?: CostResult;
  steadyLoad?: SteadyLoadResult;
}

export function rowsOf(r: Results): Row[] {
  const rows: Row[] = [];
  const row = (section: string, metric: string, value: number | string, unit = '') => rows.push({ section, metric, value, unit });
  for (const s of r.campaign?.sizes ?? []) {
    const sec = `1 campaign N=${s.n}`;
    const first = s.runs[0]!;
    row(sec, `time, submission → closure (median of ${s.runs.length})`, s.median.seconds, 's');
    row(sec, 'dossiers per second', s.median.dossiersPerSecond, '/s');
    row(sec, 'state transitions per second', s.median.transitionsPerSecond, '/s');
    row(sec, 'time per dossier', s.median.msPerDossier, 'ms');
    if (s.median.platformCpuMsPerDossier !== undefined) row(sec, 'platform CPU time per dossier', s.median.platformCpuMsPerDossier, 'ms');
    row(sec, 'state transitions per dossier', round(first.counters.stateTransitions / s.n, 1));
    row(sec, 'executions per dossier', round(first.counters.executions / s.n, 1));
    const runtime = first.counters.dynamo['inclusion-aap-stepfunctions'];
    const project = first.counters.dynamo['inclusion-aap'];
    const requests = (t?: { requests: Record<string, number> }) => Object.values(t?.requests ?? {}).reduce((x, y) => x + y, 0);
    row(
      sec,
      'DynamoDB requests per dossier: project table / runtime table',
      `${round(requests(project) / s.n, 0)} / ${round(requests(runtime) / s.n, 0)}`,
    );
    row(sec, 'items read by the runtime per dossier (work queue)', round((runtime?.itemsReturned ?? 0) / s.n, 0));
    row(sec, 'peak RSS', s.median.peakRssMb, 'MB');
    if (s.median.liveHeapMb !== undefined) row(sec, 'live heap after GC', s.median.liveHeapMb, 'MB');
    row(
      sec,
      'API errors',
      s.runs.reduce((x, run) => x + run.counters.api.errors, 0),
    );
  }
  const g = r.campaign?.growth;
  if (g) {
    const sec = `1 campaign growth N=${g.from}→${g.to}`;
    row(sec, 'time exponent k (time ∝ N^k; 1 = linear)', g.exponent);
    row(sec, 'time per dossier, ratio', g.msPerDossierRatio, '×');
    row(sec, 'peak RSS per extra dossier', g.rssPerDossierMb, 'MB');
  }
  const d = r.durability;
  if (d) {
    const sec = `2 durability N=${d.n}`;
    row(sec, `plain aws-local-stepfunctions (median of ${d.runs})`, d.plainMs, 'ms');
    row(sec, `durable runtime (median of ${d.runs})`, d.durableMs, 'ms');
    row(sec, 'durable / plain', d.ratio, '×');
    if (d.ratioRange) row(sec, 'durable / plain, lowest–highest pair', d.ratioRange.join('–'), '×');
    if (d.cpuRatio !== undefined) {
      row(sec, 'CPU per dossier, plain', d.plainCpuMsPerDossier, 'ms');
      row(sec, 'CPU per dossier, durable', d.durableCpuMsPerDossier, 'ms');
      row(sec, 'durable / plain, CPU', d.cpuRatio, '×');
      if (d.cpuRatioRange) row(sec, 'durable / plain, CPU, lowest–highest pair', d.cpuRatioRange.join('–'), '×');
      row(sec, 'journal records per dossier', d.recordsPerDossier);
    }
    if (d.restart) {
      const r = d.restart;
      row(sec, `restart on ${r.n.toLocaleString('en')} dossier lives`, r.ms, 'ms');
      row(sec, 'records replayed at restart', r.recordsReplayed);
      row(sec, 'snapshot / journal / history log', `${r.snapshotMb} / ${r.journalMb} / ${r.historyMb}`, 'MB');
    }
    row(sec, 'transitions per second, plain', d.plainTransitionsPerSecond, '/s');
    row(sec, 'transitions per second, durable', d.durableTransitionsPerSecond, '/s');
  }
  for (const e of r.enforcement ?? []) {
    const sec = `3 enforcement ${e.size.toLocaleString('en')} deadlines`;
    row(sec, 'due today (1 %)', e.due);
    row(sec, 'items read per run', e.read);
    row(sec, 'queries per run', e.queries);
    row(sec, 'time per run', e.runMs, 'ms');
    row(sec, 'full-table Scan: items', e.scanItems);
    row(sec, 'full-table Scan: time', e.scanMs, 'ms');
    row(sec, 'Scan / enforcement run, time', e.scanRatio, '×');
  }
  const i = r.inbox;
  if (i) {
    const sec = `4 inbox+decision, ${i.clients} clients`;
    row(sec, "the platform's data", i.store === 'disk' ? 'on disk, as `npm start` keeps it' : 'in memory, as the tests keep it');
    row(sec, 'errors', i.errors);
    row(sec, `GET /taches p50 / p95 / p99 (${i.inbox.requests} req)`, `${i.inbox.p50} / ${i.inbox.p95} / ${i.inbox.p99}`, 'ms');
    row(
      sec,
      `POST /taches/:id/decision p50 / p95 / p99 (${i.decision.requests} req)`,
      `${i.decision.p50} / ${i.decision.p95} / ${i.decision.p99}`,
      'ms',
    );
    if (i.inboxCpu && i.decisionCpu)
      row(
        sec,
        'the same in platform CPU time, arrival → answer: GET p50 / p99, POST p50 / p99',
        `${i.inboxCpu.p50} / ${i.inboxCpu.p99}, ${i.decisionCpu.p50} / ${i.decisionCpu.p99}`,
        'ms',
      );
    if (i.inboxSeenCpu && i.decisionSeenCpu)
      row(
        sec,
        "the same from the client's sending, in the platform main thread's CPU time: GET p50 / p99, POST p50 / p99",
        `${i.inboxSeenCpu.p50} / ${i.inboxSeenCpu.p99}, ${i.decisionSeenCpu.p50} / ${i.decisionSeenCpu.p99}`,
        'ms',
      );
    if (i.slowest) {
      const split = (x: WallSplit) => `${x.total} = ${x.beforeRead} + ${x.inPlatform} + ${x.afterAnswer}`;
      row(
        sec,
        "the slowest 5 % of a round's requests, mean wall time = before the platform read it + in the platform + after its answer (the client's share): GET; POST",
        `${split(i.slowest.inbox)}; ${split(i.slowest.decision)}`,
        'ms',
      );
    }
    if (i.perRound)
      row(
        sec,
        "each round in order: decision p99 / GET p99 / main thread's CPU per GET + decision / the round's wait of the main thread for a CPU / the other threads' CPU in the round",
        i.perRound
          .map(
            (x) =>
              `${x.decisionP99} / ${x.inboxP99} / ${x.mainThreadCpuMsPerDecision} / ${x.mainThreadWaitMs ?? '–'} / ${x.otherThreadsCpuMs ?? '–'}`,
          )
          .join('; '),
        'ms',
      );
    row(sec, 'throughput', i.requestsPerSecond, 'req/s');
    if (i.gcDuringRounds)
      row(
        sec,
        'GC during a round: full collections, longest pause, all pauses (median of rounds)',
        `${i.gcDuringRounds.majorsPerRound} / ${i.gcDuringRounds.longestPauseMs} / ${i.gcDuringRounds.pauseMsPerRound}`,
        'ms',
      );
    if (i.platformCpuMsPerDecision !== undefined)
      row(sec, 'platform CPU per decision (its workflow step included)', i.platformCpuMsPerDecision, 'ms');
    if (i.platformCpuMsPerDecisionWhileClients !== undefined)
      row(
        sec,
        'the same while the clients run (a GET + a decision each, and what runs meanwhile), before the workflow steps',
        i.platformCpuMsPerDecisionWhileClients,
        'ms',
      );
    if (i.platformMainThreadCpuMsPerDecisionWhileClients !== undefined)
      row(
        sec,
        "of which the platform's main thread (the rest: V8's GC helpers and other threads)",
        i.platformMainThreadCpuMsPerDecisionWhileClients,
        'ms',
      );
    if (i.clientCpuMsPerRequest !== undefined)
      row(sec, "the bench's own clients, CPU per request while they run (not the platform's)", i.clientCpuMsPerRequest, 'ms');
    if (i.oneAtATime)
      row(
        sec,
        `decision one at a time, p50 / p95 / p99 (${i.oneAtATime.requests} req, service time)`,
        `${i.oneAtATime.p50} / ${i.oneAtATime.p95} / ${i.oneAtATime.p99}`,
        'ms',
      );
    if (i.oneAtATimeCpu)
      row(
        sec,
        'one at a time, platform CPU per request: GET /taches p50, POST decision p50',
        `${i.oneAtATimeCpu.inbox.p50} / ${i.oneAtATimeCpu.decision.p50}`,
        'ms',
      );
  }
  for (const p of r.packages ?? []) {
    const sec = `5 package ${p.name}`;
    row(sec, 'bundle (zipped with its map)', `${p.bundleKb} (${p.zippedKb})`, 'KB');
    if (p.ownKb !== undefined) row(sec, 'of which neither zod nor the AWS SDK (own code, data, other dependencies)', `${p.ownKb}`, 'KB');
    row(sec, 'module init, as deployed (no source maps)', `${p.initMs} (${p.initNoSourceMapsMs})`, 'ms');
    if (p.initCpuMs !== undefined) row(sec, 'module init CPU time, as deployed', `${p.initCpuMs}`, 'ms');
    row(sec, 'largest dependency', `${p.largestDependency} ${p.largestDependencyKb} KB (${Math.round(p.largestDependencyShare * 100)} %)`);
  }
  const c = r.cost;
  if (c) {
    const sec = `6 AWS cost (from N=${c.fromCampaignN})`;
    const u = c.perDossier.usage;
    row(sec, 'per dossier: state transitions', round(u.stepFunctionsStandardTransition ?? 0, 1));
    row(sec, 'per dossier: Lambda invocations', round(u.lambdaRequest ?? 0, 1));
    row(sec, 'per dossier: Lambda GB-s', round(u.lambdaArmGbSecond ?? 0, 2), 'GB-s');
    row(
      sec,
      'per dossier: DynamoDB WRU (incl. indexes) / RRU',
      `${round(u.dynamodbWriteRequestUnit ?? 0, 0)} / ${round(u.dynamodbReadRequestUnit ?? 0, 0)}`,
    );
    row(sec, 'per dossier: emails / HTTP API requests', `${round(u.sesEmail ?? 0, 1)} / ${round(u.httpApiRequest ?? 0, 1)}`);
    row(sec, "one dossier's whole life", c.perDossier.usd, 'USD');
    row(sec, '1,000-dossier campaign, per year', c.campaignYear.usd, 'USD');
    row(sec, 'same, deadlines by Wait-state polling', c.pollingYear.usd, 'USD');
    row(sec, 'polling / event-driven', c.pollingRatio, '×');
  }
  const s = r.steadyLoad;
  if (s) {
    const sec = `7 steady load, ${s.dossiers} dossiers × ${s.months} months`;
    row(sec, 'RSS after GC, end of the first month', s.rssAfterFirstMonthMb, 'MB');
    row(sec, 'RSS after GC, at the end', s.rssEndMb, 'MB');
    row(sec, 'end / first month (goal ≤ 1.10)', s.rssRatio, '×');
    row(sec, 'RSS after GC, month by month', s.rssByMonthMb.join(' '), 'MB');
    row(sec, 'live heap after GC, at the end', s.liveHeapEndMb, 'MB');
    row(sec, 'peak RSS', s.peakRssMb, 'MB');
  }
  return rows;
}

const keyOf = (row: Row) => `${row.section} | ${row.metric.replace(/ \(median of \d+\)| \(\d+ req\)/g, '')}`;

/** A plain-text table; with `previous` rows, each value next to the previous run's and their ratio. */
export function formatTable(rows: Row[], previous?: Row[]): string {
  const before = new Map((previous ?? []).map((r) => [keyOf(r), r]));
  const cells = rows.map((r) => {
    const old = before.get(keyOf(r));
    const change =
      old && typeof old.value === 'number' && typeof r.value === 'number' && old.value !== 0 ? `${round(r.value / old.value, 2)}×` : '';
    return [r.section, r.metric, String(r.value), r.unit, ...(previous ? [old ? String(old.value) : '—', change] : [])];
  });
  const header = ['section', 'metric', 'value', 'unit', ...(previous ? ['previous', 'now/prev'] : [])];
  const widths = header.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, k) => (k === 2 || k >= 4 ? x.padStart(widths[k]!) : x.padEnd(widths[k]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  let section = '';
  for (const c of cells) {
    out.push(line(c[0] === section ? ['', ...c.slice(1)] : c));
    section = c[0]!;
  }
  return out.join('\n');
}

/** The same rows as a Markdown table (for the README). */
export function markdownTable(rows: Row[]): string {
  const out = ['| measure | metric | value |', '|---|---|---|'];
  let section = '';
  for (const r of rows) {
    out.push(`| ${r.section === section ? '' : r.section} | ${r.metric} | ${r.value}${r.unit ? ` ${r.unit}` : ''} |`);
    section = r.section;
  }
  return out.join('\n');
}

/**
 * `npm run bench`: every measurement of issue 8, each in a fresh Node 24 process, then the table
 * (printed, with the previous run's figures beside when bench/results/latest.json exists) and the
 * results as JSON (bench/results/latest.json, plus latest.md for the README).
 *
 *   npm run bench                      default sizes (within 10 minutes on a 2-core machine)
 *   npm run bench -- --full            adds the large sizes: campaigns of 1,000 and 10,000 dossiers, 1,000,000 deadlines (hours)
 *   npm run bench -- --only campaign,cost   some measurements only (campaign, durability, enforcement, inbox, packages, cost, steady)
 *   npm run bench -- --quick           tiny sizes, a smoke test (writes bench/results/quick.json)
 *   npm run bench -- --only campaign,cost --campaign 1000x1 --out bench/results/campaign-1000.json
 *                                      other campaign sizes (<n>x<runs>, comma-separated)
 *   npm run bench -- --out <file> --compare <file>
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { CampaignResult } from './campaign.ts';
import { costModel } from './cost.ts';
import type { DurabilityResult } from './durability.ts';
import type { EnforcementSizeResult } from './enforcement.ts';
import { formatTable, markdownTable, rowsOf, type CampaignSize, type Results, type Row } from './format.ts';
import type { InboxLoadResult } from './inbox-load.ts';
import { PLATFORM_ENV, PLATFORM_NODE_FLAGS } from '#infra/local/node-flags.ts';
import { BENCH_DIR, machine, median, ROOT, round, runChild } from './lib.ts';
import type { MachineSpeed } from './machine-speed.ts';
import type { PackageResult } from './packages.ts';
import type { SteadyLoadResult } from './steady-load.ts';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    compare: { type: 'string' },
    campaign: { type: 'string' },
  },
});

const SIZES = {
  default: {
    campaign: [
      { n: 25, runs: 3 },
      { n: 100, runs: 3 },
    ],
    durability: { n: 200, runs: 9, restart: 1_000 },
    enforcement: [10_000, 100_000],
    inbox: { clients: 50, dossiers: 150, rounds: 3 },
    packageRuns: 3,
    steady: { dossiers: 100, months: 12 },
  },
  full: {
    campaign: [
      { n: 25, runs: 3 },
      { n: 100, runs: 3 },
      { n: 1_000, runs: 1 },
      { n: 10_000, runs: 1 },
    ],
    durability: { n: 400, runs: 9, restart: 10_000 },
    enforcement: [10_000, 100_000, 1_000_000],
    inbox: { clients: 50, dossiers: 500, rounds: 3 },
    packageRuns: 5,
    steady: { dossiers: 100, months: 12 },
  },
  quick: {
    campaign: [
      { n: 5, runs: 1 },
      { n: 10, runs: 1 },
    ],
    durability: { n: 5, runs: 1, restart: 50 },
    enforcement: [1_000, 5_000],
    inbox: { clients: 50, dossiers: 50, rounds: 1 },
    packageRuns: 1,
    steady: { dossiers: 5, months: 3 },
  },
};
const preset = values.full ? SIZES.full : values.quick ? SIZES.quick : SIZES.default;
const config = values.campaign
  ? {
      ...preset,
      campaign: values.campaign.split(',').map((size) => ({ n: Number(size.split('x')[0]), runs: Number(size.split('x')[1] ?? 1) })),
    }
  : preset;
const only = values.only ? new Set(values.only.split(',')) : undefined;
const want = (m: string) => !only || only.has(m);
const out = values.out ?? join(BENCH_DIR, 'results', values.quick ? 'quick.json' : 'latest.json');
const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

const say = (line: string) => process.stderr.write(`${line}\n`);
const started = performance.now();
const results: Results = {};
const info = machine();
say(
  `npm run bench on ${info.cores} × ${info.cpu}, ${info.memTotalGb} GB, Node ${info.node}${values.full ? ' (--full)' : ''}; load average ${info.loadAverage.join(' ')}`,
);
const speedText = (s: MachineSpeed) =>
  `loopback HTTP ${s.serverCpuUsPerRequest} µs server, ${s.clientCpuUsPerRequest} µs client CPU per request, ${s.requestsPerSecond}/s; JSON ${s.jsonUsPerDocument} µs per document`;
const speedAtStart = await runChild<MachineSpeed>('machine-speed.ts');
say(`machine speed at the start: ${speedText(speedAtStart)}`);

if (want('campaign') || want('cost')) {
  const sizes: CampaignSize[] = [];
  for (const { n, runs } of config.campaign) {
    say(`(1) campaign of ${n} dossiers × ${runs}`);
    const all: CampaignResult[] = [];
    for (let r = 0; r < runs; r++)
      all.push(
        // The campaign starts the platform in a process of its own, with the platform's flags and environment.
        await runChild<CampaignResult>('campaign.ts', ['--n', String(n)]),
      );
    const seconds = median(all.map((x) => x.seconds));
    sizes.push({
      n,
      runs: all,
      median: {
        seconds,
        dossiersPerSecond: median(all.map((x) => x.dossiersPerSecond)),
        transitionsPerSecond: median(all.map((x) => x.transitionsPerSecond)),
        peakRssMb: median(all.map((x) => x.peakRssMb)),
        liveHeapMb: median(all.map((x) => x.liveHeapMb)),
        msPerDossier: round((seconds * 1000) / n, 0),
        platformCpuMsPerDossier: median(all.map((x) => x.platformCpuMsPerDossier)),
      },
    });
  }
  const [a, b] = [sizes[0], sizes[sizes.length - 1]];
  results.campaign = { sizes };
  if (a && b && b.n > a.n) {
    results.campaign.growth = {
      from: a.n,
      to: b.n,
      exponent: round(Math.log(b.median.seconds / a.median.seconds) / Math.log(b.n / a.n), 2),
      msPerDossierRatio: round(b.median.msPerDossier / a.median.msPerDossier, 2),
      rssPerDossierMb: round((b.median.peakRssMb - a.median.peakRssMb) / (b.n - a.n), 2),
    };
  }
  if (want('cost')) {
    // The largest campaign of at most 1,000 dossiers, its median run.
    const base = [...sizes].reverse().find((s) => s.n <= 1_000) ?? sizes[0]!;
    const run = [...base.runs].sort((x, y) => x.seconds - y.seconds)[Math.floor(base.runs.length / 2)]!;
    results.cost = costModel(run);
  }
}
if (want('durability')) {
  say(`(2) durability: ${config.durability.n} dossiers, plain vs durable × ${config.durability.runs}`);
  results.durability = await runChild<DurabilityResult>('durability.ts', [
    '--n',
    String(config.durability.n),
    '--runs',
    String(config.durability.runs),
    '--restart',
    String(config.durability.restart),
  ]);
}
if (want('enforcement')) {
  say(`(3) daily enforcement over ${config.enforcement.join(', ')} deadlines`);
  results.enforcement = [];
  for (const size of config.enforcement)
    results.enforcement.push(...(await runChild<EnforcementSizeResult[]>('enforcement.ts', ['--sizes', String(size), '--runs', '5'])));
}
if (want('inbox')) {
  const { clients, dossiers, rounds } = config.inbox;
  say(`(4) inbox + decision: ${clients} clients, ${dossiers} dossiers × ${rounds} rounds`);
  results.inbox = await runChild<InboxLoadResult>('inbox-load.ts', [
    '--clients',
    String(clients),
    '--dossiers',
    String(dossiers),
    '--rounds',
    String(rounds),
  ]);
}
if (want('packages')) {
  say('(5) Lambda packages');
  results.packages = await runChild<PackageResult[]>('packages.ts', ['--runs', String(config.packageRuns)]);
}
if (want('steady')) {
  const { dossiers, months } = config.steady;
  say(`(7) steady load: ${dossiers} live dossiers, ${months} months of daily runs`);
  results.steadyLoad = await runChild<SteadyLoadResult>('steady-load.ts', ['--dossiers', String(dossiers), '--months', String(months)], {
    nodeArgs: [...PLATFORM_NODE_FLAGS, '--expose-gc'],
    env: { ...PLATFORM_ENV },
    built: true,
  });
}

const speedAtEnd = await runChild<MachineSpeed>('machine-speed.ts');
say(`machine speed at the end: ${speedText(speedAtEnd)}`);
const durationSeconds = round((performance.now() - started) / 1000, 0);
const rows = rowsOf(results);
const compareFile = values.compare ?? out;
const previous = existsSync(compareFile)
  ? (JSON.parse(readFileSync(compareFile, 'utf8')) as { table?: Row[]; generatedAt?: string })
  : undefined;
const report = {
  generatedAt: new Date().toISOString(),
  command,
  machine: { ...info, loadAverageAtEnd: machine().loadAverage, speed: { atStart: speedAtStart, atEnd: speedAtEnd } },
  durationSeconds,
  sizes: config,
  table: rows,
  results,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(
  out.replace(/\.json$/, '.md'),
  `Command: \`${command}\` — ${info.cores} × ${info.cpu}, ${info.memTotalGb} GB RAM, Node ${info.node}; ${report.generatedAt.slice(0, 10)}, ${durationSeconds} s in all. Machine speed (bench/machine-speed.ts) at the start: ${speedText(speedAtStart)}; at the end: ${speedText(speedAtEnd)}.\n\n${markdownTable(rows)}\n`,
);
console.log(formatTable(rows, previous?.table));
console.log(`\n${command}: ${durationSeconds} s on ${info.cores} × ${info.cpu}, ${info.memTotalGb} GB RAM, Node ${info.node}`);
console.log(
  `Results: ${relative(ROOT, out)}${previous?.table ? ` (compared with the run of ${previous.generatedAt ?? compareFile})` : ''}`,
);

/**
 * (1) Campaign throughput, and the counters the cost model (6) reads: N dossiers carried from
 * submission to closure on the local platform (startPlatform, data on disk as `npm start` keeps it, port 0) through its
 * public HTTP API only, the clock moved by the local time-travel route. Each dossier lives the
 * common life: filed, complete, approved by the chief, favourable CP decision, convention signed,
 * one comité (J-8 notice, participant list, minutes), end of operation, annual documents, bilan,
 * bilan accepted, balance paid, closed.
 *
 * Run alone: `node bench/campaign.ts --n 100` (prints its result as JSON on the last line).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { catalog } from '#domain/catalog/index.ts';
import { withSiretCheckDigit } from '#domain/submission/index.ts';
import { sendPendingEmails } from '#domain/notifications/send-outbox.ts';
import { redeliverDecisions } from '#domain/workflow/decide.ts';
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import { IDENTITY_HEADER } from '#infra/local/http-api-server.ts';
import { relaunchWithPlatformFlags } from '#infra/local/node-flags.ts';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { sampleBilanOf, validSubmissionFixture } from '#infra/local/sample-dossier.ts';
import { MACHINES } from '#workflows/definitions.ts';
import { dynamoCounters, installDynamoCounters, resetDynamoCounters, type TableCounters } from './counters.ts';
import { httpClient, median, peakRssMb, pool, progress, round, timed } from './lib.ts';

export const START_DATE = '2026-03-02';
/** Requests in flight at once from the campaign's clients. */
export const CONCURRENCY = 8;
/** What each dossier asks of the Département: small, so that even 10,000 dossiers fit the 45 envelopes. */
const REQUESTED_CENTS = 100_000;

export interface CampaignResult {
  n: number;
  seconds: number;
  closed: number;
  dossiersPerSecond: number;
  transitionsPerSecond: number;
  peakRssMb: number;
  /** Heap in use after a full GC at the end (live data), when the process runs with --expose-gc. */
  liveHeapMb?: number;
  /** Seconds spent in each phase of the campaign. */
  phases: Record<string, number>;
  /** The dossier's life on the platform clock, in days (submission → closure). */
  lifeDays: number;
  counters: CampaignCounters;
}

export interface CampaignCounters {
  executions: number;
  stateTransitions: number;
  /** Lambda invocations of the three workflow functions, and their summed durations (ms). */
  workflowLambda: Record<string, { invocations: number; totalMs: number }>;
  api: { requests: number; totalMs: number; errors: number; byRoute: Record<string, number> };
  dynamo: Record<string, TableCounters>;
  emails: number;
  /** Days the platform's scheduler ran the daily enforcement during the campaign. */
  scheduledDays: number;
  /** One idle run of each scheduled function, measured after the campaign: duration (ms, median of 5) and read units. */
  scheduledRuns: Record<'send-emails' | 'redeliver-decisions' | 'daily-enforcement', { ms: number; rru: number }>;
  /** Bytes stored in the project table at the end (item sizes as DynamoDB counts them, + 100 B per item). */
  tableBytes: number;
}

export interface Cast {
  id: string;
  porteur: string;
  territory: string;
  dispositif: string;
}

export const instructeur = (t: string) => `service-instructeur:instructeur-${t}:${t}`;
export const chef = (t: string) => `chef-slai-slisl:chef-${t}:${t}`;
export const SECRETARIAT = 'secretariat-cp:secretariat-cp';

export function submissionOf(i: number) {
  const dispositifs = catalog.dispositifs.filter((d) => d.channel === 'e-partenaire');
  const dispositif = dispositifs[i % dispositifs.length]!;
  const wanted = catalog.territories[Math.floor(i / dispositifs.length) % catalog.territories.length]!.code;
  const territory = dispositif.perimeter.includes(wanted) ? wanted : dispositif.perimeter[i % dispositif.perimeter.length]!;
  const body = validSubmissionFixture({ dispositifCode: dispositif.code, territory });
  body.porteur.name = `Structure d’insertion n° ${i + 1}`;
  body.porteur.siret = withSiretCheckDigit(`9${String(i).padStart(12, '0')}`);
  body.porteur.contactEmail = `contact@structure-${i + 1}.example.org`;
  const total = body.budget.expenses.reduce((s, e) => s + e.amountCents, 0);
  const [departement, cofunding] = body.budget.resources as [(typeof body.budget.resources)[0], (typeof body.budget.resources)[0]];
  departement.amountCents = REQUESTED_CENTS;
  body.budget.resources = [
    departement,
    cofunding,
    { label: 'Fonds propres', amountCents: total - REQUESTED_CENTS - cofunding.amountCents, source: 'autofinancement' },
  ];
  return { body, territory };
}

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The cast of a campaign and the steps every dossier takes together, through the public API. */
export function campaignSteps(platform: Platform, http: ReturnType<typeof httpClient>) {
  const { ok } = http;
  /** Moves the clock by the local route, a month at most per request (a request waits for the days it moves through). */
  const travelTo = async (day: string) => {
    for (;;) {
      const now = (await ok('GET', '/_local/horloge')).body.jour as string;
      if (now >= day) return;
      const step = addDays(now, 30) < day ? addDays(now, 30) : day;
      await ok('POST', '/_local/horloge', undefined, { date: step });
    }
  };
  const cast: Cast[] = [];
  const byId = new Map<string, Cast>();
  const territories = () => [...new Set(cast.map((d) => d.territory))];

  /** Every dossier decides its open task of `step` from its role's inbox (read once per territory and round). */
  const decideStep = async (step: string, inboxOf: (territory: string) => string, decision: string, details?: (d: Cast) => unknown) => {
    const pending = new Set(cast.map((d) => d.id));
    for (let round = 0; pending.size > 0; round++) {
      if (round === 20) throw new Error(`${pending.size} dossiers never got their ${step} task`);
      for (const territory of territories()) {
        const inbox = await ok('GET', '/taches', inboxOf(territory));
        const tasks = (inbox.body.taches as { id: string; dossierId: string; etape: string }[]).filter(
          (t) => t.etape === step && pending.has(t.dossierId),
        );
        await pool(tasks, CONCURRENCY, async (t) => {
          const d = byId.get(t.dossierId)!;
          await ok('POST', `/taches/${t.id}/decision`, inboxOf(territory), { decision, ...(details ? { details: details(d) } : {}) });
          pending.delete(t.dossierId);
        });
      }
      await platform.tick();
    }
  };

  /** Files dossiers `from` to `to` - 1, each by its own porteur. */
  const file = (from: number, to: number) =>
    pool(
      Array.from({ length: to - from }, (_, k) => from + k),
      CONCURRENCY,
      async (i) => {
        const { body, territory } = submissionOf(i);
        const porteur = `porteur:bench-${i}`;
        const res = await ok('POST', '/dossiers', porteur, body, { 'idempotency-key': `bench-dossier-${i}` });
        const d = { id: res.body.id as string, porteur, territory, dispositif: body.dispositifCode };
        cast.push(d);
        byId.set(d.id, d);
      },
    );
  return { cast, byId, travelTo, decideStep, file };
}

/**
 * `memory`: the platform keeps its data in memory (as `npm run demo`); by default it keeps it on
 * disk in a temporary directory, as `npm start` does: a campaign's data is what a platform on one
 * machine keeps, and on disk it does not stay in the process.
 */
export async function runCampaign(n: number, opts: { memory?: boolean } = {}): Promise<CampaignResult> {
  installDynamoCounters();
  const dataDir = opts.memory ? undefined : mkdtempSync(join(tmpdir(), 'bench-campaign-'));
  const platform = await startPlatform({
    ...(dataDir ? { dataDir } : {}),
    startAt: new Date(`${START_DATE}T08:00:00Z`),
    tickMs: 3_600_000,
    log: (line) => (line.includes('error') ? progress(line) : undefined),
  });
  try {
    const http = httpClient(platform.api, IDENTITY_HEADER);
    const { ok } = http;
    const { cast, byId, travelTo, decideStep, file } = campaignSteps(platform, http);

    const phases: Record<string, number> = {};
    let phaseStart = performance.now();
    const phase = (name: string) => {
      const now = performance.now();
      phases[name] = round((now - phaseStart) / 1000, 1);
      phaseStart = now;
      progress(`${name} done (${phases[name]} s)`);
    };
    const { ms } = await timed(async () => {
      progress(`campaign N=${n}: filing`);
      await file(0, n);
      await platform.tick();
      phase('filing');
      await travelTo(addDays(START_DATE, 1));
      await decideStep('completeness-check', instructeur, 'complete');
      await decideStep('chief-validation', chef, 'approve');

      phase('instruction');
      await travelTo('2026-04-10');
      const ready = await ok('GET', '/commission-permanente/preparation', SECRETARIAT);
      const rows = (ready.body.dossiers as { dossierId: string; montantDemandeCents: number }[]).filter((r) => byId.has(r.dossierId));
      if (rows.length !== n) throw new Error(`${rows.length} of ${n} dossiers ready for the CP`);
      for (let k = 0; k * 500 < rows.length; k++) {
        const date = addDays('2026-04-10', k);
        await travelTo(date);
        const decisions = rows
          .slice(k * 500, (k + 1) * 500)
          .map((r) => ({ dossierId: r.dossierId, avis: 'favourable', montantCents: r.montantDemandeCents }));
        await ok('POST', '/commission-permanente/seances', SECRETARIAT, { date, numeroDeliberation: `CP-${date}-01`, decisions });
        await platform.tick();
      }
      phase('commission');
      await travelTo('2026-04-20');
      await decideStep('convention-signature', instructeur, 'signed', () => ({ signedOn: '2026-04-20' }));
      phase('convention');

      await pool(cast, CONCURRENCY, (d) => ok('POST', `/dossiers/${d.id}/comites`, instructeur(d.territory), { date: '2026-06-15' }));
      await platform.tick();
      await travelTo('2026-06-02');
      const participants = {
        comiteDate: '2026-06-15',
        entrees: [{ prenom: 'Camille', nom: 'Martin', dateEntree: '2026-05-04' }],
        sorties: [{ prenom: 'Inès', nom: 'Dubois', dateSortie: '2026-05-29', motifSortie: 'emploi-durable' }],
      };
      await pool(cast, CONCURRENCY, (d) => ok('POST', `/dossiers/${d.id}/participants`, d.porteur, participants));
      await platform.tick();
      await travelTo('2026-06-16');
      await pool(cast, CONCURRENCY, (d) =>
        ok('POST', `/dossiers/${d.id}/comites/2026-06-15/compte-rendu`, instructeur(d.territory), {
          compteRendu: 'Comité tenu : accompagnement conforme.',
        }),
      );
      await platform.tick();

      phase('comite');
      await travelTo('2027-04-02');
      phase('operation');
      await pool(cast, CONCURRENCY, async (d) => {
        await ok('POST', `/dossiers/${d.id}/documents-annuels`, d.porteur, { exercice: 2026 });
        await ok('POST', `/dossiers/${d.id}/bilan`, d.porteur, sampleBilanOf(d.dispositif));
      });
      await platform.tick();
      await decideStep('bilan-review', instructeur, 'accept');
      phase('bilan');
    });
    const closed = (
      await pool(cast, CONCURRENCY, async (d) => (await ok('GET', `/dossiers/${d.id}`, d.porteur)).body.statut as string)
    ).filter((s) => s === 'closed').length;
    if (closed !== n) throw new Error(`${closed} of ${n} dossiers closed`);
    const rss = peakRssMb();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const liveHeapMb = gc ? round(process.memoryUsage().heapUsed / 2 ** 20, 0) : undefined;
    const lifeDays = Math.round((platform.clock.now().getTime() - Date.parse(`${START_DATE}T08:00:00Z`)) / 86_400_000);

    progress('reading histories');
    const counters = await collectCounters(platform, http.latencies, lifeDays);
    const seconds = ms / 1000;
    return {
      n,
      seconds: round(seconds, 1),
      closed,
      dossiersPerSecond: round(n / seconds, 2),
      transitionsPerSecond: round(counters.stateTransitions / seconds, 1),
      peakRssMb: round(rss, 0),
      ...(liveHeapMb !== undefined ? { liveHeapMb } : {}),
      phases,
      lifeDays,
      counters,
    };
  } finally {
    await platform.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function collectCounters(
  platform: Platform,
  latencies: { route: string; ms: number; status: number }[],
  lifeDays: number,
): Promise<CampaignCounters> {
  const dynamo = dynamoCounters(); // before the history reads below
  const { runtime, machineArns, deps } = platform.workflows;
  let executions = 0;
  let stateTransitions = 0;
  const workflowLambda: CampaignCounters['workflowLambda'] = {};
  for (const machine of MACHINES) {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await runtime.listExecutions({
        stateMachineArn: machineArns[machine],
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      arns.push(...page.executions.map((e) => e.executionArn));
      nextToken = page.nextToken;
    } while (nextToken);
    executions += arns.length;
    await pool(arns, 8, async (executionArn) => {
      // Paged as the API allows (at most 1,000 events a page).
      const events: unknown[] = [];
      let historyToken: string | undefined;
      do {
        const page = await runtime.getExecutionHistory({
          executionArn,
          maxResults: 1000,
          ...(historyToken ? { nextToken: historyToken } : {}),
        });
        events.push(...page.events);
        historyToken = page.nextToken;
      } while (historyToken);
      let started: { fn: string; at: number } | undefined;
      let scheduledFn: string | undefined;
      for (const e of events as { type: string; timestamp: Date; [k: string]: any }[]) {
        if (e.type.endsWith('StateEntered')) stateTransitions++;
        if (e.type === 'TaskScheduled') {
          const details = e.taskScheduledEventDetails as { resourceType: string; parameters: string };
          scheduledFn =
            details.resourceType === 'lambda' ? String(JSON.parse(details.parameters).FunctionName).split(':').pop() : undefined;
          if (scheduledFn) (workflowLambda[scheduledFn] ??= { invocations: 0, totalMs: 0 }).invocations++;
        } else if (e.type === 'TaskStarted' && scheduledFn) {
          started = { fn: scheduledFn, at: e.timestamp.getTime() };
        } else if (['TaskSucceeded', 'TaskSubmitted', 'TaskFailed', 'TaskTimedOut'].includes(e.type) && started) {
          workflowLambda[started.fn]!.totalMs += e.timestamp.getTime() - started.at;
          started = undefined;
        }
      }
    });
  }
  const api = {
    requests: latencies.length,
    totalMs: round(
      latencies.reduce((s, l) => s + l.ms, 0),
      0,
    ),
    errors: latencies.filter((l) => l.status >= 400).length,
    byRoute: {} as Record<string, number>,
  };
  for (const l of latencies) api.byRoute[l.route] = (api.byRoute[l.route] ?? 0) + 1;
  const store = (await (await fetch(`${platform.ses}/store`)).json()) as { emails: unknown[] };

  // One idle run of each scheduled function (nothing left to do: what it costs to look).
  const noMail = {
    send: async () => {
      throw new Error('no email expected');
    },
  } as never;
  const idleRun = async (work: () => Promise<unknown>) => {
    const times: number[] = [];
    resetDynamoCounters();
    for (let i = 0; i < 5; i++) times.push((await timed(work)).ms);
    return { ms: round(median(times), 1), rru: (dynamoCounters()['inclusion-aap']?.rru ?? 0) / 5 };
  };
  const scheduledRuns = {
    'send-emails': await idleRun(() => sendPendingEmails({ outbox: deps.outbox, mailer: noMail, clock: deps.clock, limit: 50 })),
    'redeliver-decisions': await idleRun(() => redeliverDecisions(deps)),
    'daily-enforcement': await idleRun(() => runDailyEnforcement(deps)),
  };
  return {
    executions,
    stateTransitions,
    workflowLambda,
    api,
    dynamo,
    emails: store.emails.length,
    scheduledDays: lifeDays,
    scheduledRuns,
    tableBytes: await tableBytes(platform),
  };
}

/** The project table's stored size, read by a Scan through the repository's client endpoint. */
async function tableBytes(platform: Platform): Promise<number> {
  const { DynamoDBClient, ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint: platform.dynamo,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let bytes = 0;
  let start: Record<string, any> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: 'inclusion-aap', ...(start ? { ExclusiveStartKey: start } : {}) }));
    for (const item of page.Items ?? []) bytes += itemSize(item) + 100;
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return bytes;
}

/** An item's size as DynamoDB counts it: attribute names plus values (strings in UTF-8, numbers ~1 byte per 2 digits). */
function itemSize(item: Record<string, any>): number {
  const valueSize = (v: Record<string, any>): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.N !== undefined) return Math.ceil(String(v.N).length / 2) + 1;
    if (v.B !== undefined) return (v.B as Uint8Array).length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + (v.L as Record<string, any>[]).reduce((s, x) => s + 1 + valueSize(x), 0);
    if (v.M) return 3 + itemSize(v.M);
    if (v.SS) return (v.SS as string[]).reduce((s, x) => s + Buffer.byteLength(x), 0);
    return 0;
  };
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  relaunchWithPlatformFlags(); // the V8 flags `npm start` runs the platform with
  const { values } = parseArgs({ options: { n: { type: 'string', default: '100' }, memory: { type: 'boolean', default: false } } });
  const result = await runCampaign(Number(values.n), { memory: values.memory });
  console.log(JSON.stringify(result));
  process.exit(0);
}

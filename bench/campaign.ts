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
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { catalog } from '#domain/catalog/index.ts';
import { ANNUAL_DOCUMENT_KEYS } from '#domain/notifications/index.ts';
import { withSiretCheckDigit } from '#domain/submission/index.ts';
import { IDENTITY_HEADER } from '#infra/local/http-api-server.ts';
import { sampleBilanOf, validSubmissionFixture } from '#infra/local/sample-dossier.ts';
import type { CampaignCounters } from './campaign-counters.ts';
import { httpClient, pool, progress, round, timed } from './lib.ts';
import { startPlatformProcess } from './platform-process.ts';

export type { CampaignCounters } from './campaign-counters.ts';

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
  /** Peak RSS of the platform's process (the whole platform: it starts no other process), in MB. */
  peakRssMb: number;
  /** The platform's heap in use after a full GC at the end (live data). */
  liveHeapMb: number;
  /** CPU time (user + system) of the platform's process during the campaign, per dossier: steadier than wall time on a busy machine. */
  platformCpuMsPerDossier: number;
  /** CPU time of the benchmark's own process (its clients) during the campaign, per dossier. */
  clientCpuMsPerDossier: number;
  /** Seconds spent in each phase of the campaign. */
  phases: Record<string, number>;
  /** The dossier's life on the platform clock, in days (submission → closure). */
  lifeDays: number;
  counters: CampaignCounters;
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
export function campaignSteps(platform: { tick(): Promise<void> }, http: ReturnType<typeof httpClient>) {
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
  /**
   * Files dossiers 0 to `n` - 1 and takes them together to their signed convention: complete,
   * validated, favourable at one Commission Permanente on 2026-04-10, signed on `signedOn`.
   */
  const toSignedConvention = async (n: number, signedOn: string) => {
    await file(0, n);
    await platform.tick();
    await travelTo(addDays(START_DATE, 1));
    await decideStep('completeness-check', instructeur, 'complete');
    await decideStep('chief-validation', chef, 'approve');
    await travelTo('2026-04-10');
    const ready = await ok('GET', '/commission-permanente/preparation', SECRETARIAT);
    const decisions = (ready.body.dossiers as { dossierId: string; montantDemandeCents: number }[])
      .filter((r) => byId.has(r.dossierId))
      .map((r) => ({ dossierId: r.dossierId, avis: 'favourable', montantCents: r.montantDemandeCents }));
    await ok('POST', '/commission-permanente/seances', SECRETARIAT, {
      date: '2026-04-10',
      numeroDeliberation: 'CP-2026-04-10-01',
      decisions,
    });
    await platform.tick();
    await travelTo(signedOn);
    await decideStep('convention-signature', instructeur, 'signed', () => ({ signedOn }));
  };
  return { cast, byId, travelTo, decideStep, file, toSignedConvention };
}

/**
 * The platform runs in a process of its own, as `npm start` runs it (bench/platform-process.ts),
 * the clients in this one: its peak RSS and CPU time are the platform's alone. `memory`: it keeps
 * its data in memory (as `npm run demo`); by default on disk in a temporary directory, as
 * `npm start` does: a campaign's data is what a platform on one machine keeps, and on disk it does
 * not stay in the process.
 */
export async function runCampaign(n: number, opts: { memory?: boolean } = {}): Promise<CampaignResult> {
  const platform = await startPlatformProcess({
    onDisk: !opts.memory,
    startAt: new Date(`${START_DATE}T08:00:00Z`),
    tickMs: 3_600_000,
    counters: true,
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
    const platformCpuAtStart = await platform.cpuMs();
    const { ms, cpuMs: clientCpuMs } = await timed(async () => {
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
        await ok('POST', `/dossiers/${d.id}/documents-annuels`, instructeur(d.territory), {
          exercice: 2026,
          documents: ANNUAL_DOCUMENT_KEYS,
        });
        await ok('POST', `/dossiers/${d.id}/bilan`, d.porteur, sampleBilanOf(d.dispositif));
      });
      await platform.tick();
      await decideStep('bilan-review', instructeur, 'accept');
      phase('bilan');
    });
    const platformCpuMs = (await platform.cpuMs()) - platformCpuAtStart;
    const closed = (
      await pool(cast, CONCURRENCY, async (d) => (await ok('GET', `/dossiers/${d.id}`, d.porteur)).body.statut as string)
    ).filter((s) => s === 'closed').length;
    if (closed !== n) throw new Error(`${closed} of ${n} dossiers closed`);
    const usage = await platform.usage(); // peak RSS before the history reads of the counters
    const lifeDays = Math.round((Date.parse(usage.now) - Date.parse(`${START_DATE}T08:00:00Z`)) / 86_400_000);

    progress('reading histories');
    const counters: CampaignCounters = {
      ...(await platform.campaignCounters()),
      api: apiCounters(http.latencies),
      scheduledDays: lifeDays,
    };
    const seconds = ms / 1000;
    return {
      n,
      seconds: round(seconds, 1),
      closed,
      dossiersPerSecond: round(n / seconds, 2),
      transitionsPerSecond: round(counters.stateTransitions / seconds, 1),
      peakRssMb: round(usage.peakRssMb, 0),
      liveHeapMb: round(usage.liveHeapMb, 0),
      platformCpuMsPerDossier: round(platformCpuMs / n, 1),
      clientCpuMsPerDossier: round(clientCpuMs / n, 1),
      phases,
      lifeDays,
      counters,
    };
  } finally {
    await platform.stop();
  }
}

function apiCounters(latencies: { route: string; ms: number; status: number }[]): CampaignCounters['api'] {
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
  return api;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { n: { type: 'string', default: '100' }, memory: { type: 'boolean', default: false } } });
  const result = await runCampaign(Number(values.n), { memory: values.memory });
  console.log(JSON.stringify(result));
  process.exit(0);
}

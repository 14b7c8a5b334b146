/**
 * (6) Memory under a steady load: the platform as `npm start` runs it (data on disk), a hundred live
 * dossiers, and a simulated year of its daily runs with a trickle of work through the public API:
 * each month of the operation every dossier holds a comité de suivi (date, participant list at
 * J-8, minutes), the daily enforcement sends its notices and reminders, and at the end the porteurs
 * file their annual documents and bilans. RSS, after a full garbage collection, is sampled at the
 * end of each month; the goal: RSS at the end within 10 % of RSS after the first month.
 *
 *   node --expose-gc bench/steady-load.ts [--dossiers 100] [--months 12]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ANNUAL_DOCUMENT_KEYS } from '#domain/notifications/index.ts';
import { IDENTITY_HEADER } from '#infra/local/http-api-server.ts';
import { lowerHelperThreadsPriority } from '#infra/local/helper-threads.ts';
import { relaunchWithPlatformFlags } from '#infra/local/node-flags.ts';
import { startPlatform } from '#infra/local/platform.ts';
import { sampleBilanOf } from '#infra/local/sample-dossier.ts';
import { addDays, CONCURRENCY, campaignSteps, instructeur } from './campaign.ts';
import { httpClient, peakRssMb, pool, progress, round } from './lib.ts';

export interface SteadyLoadResult {
  dossiers: number;
  months: number;
  /** RSS after a full GC at the end of each simulated month, in MB. */
  rssByMonthMb: number[];
  rssAfterFirstMonthMb: number;
  rssEndMb: number;
  /** RSS at the end / RSS after the first month (goal: ≤ 1.10). */
  rssRatio: number;
  peakRssMb: number;
  /** Heap in use after a full GC at the end, in MB. */
  liveHeapEndMb: number;
  seconds: number;
}

/** The first day of the steady phase: conventions signed, operations running. */
const STEADY_START = '2026-04-20';

const gc = (globalThis as { gc?: () => void }).gc;

/** RSS and heap in use after a full GC (runSteadyLoad checks `gc` is exposed). */
function residentMb(): { rss: number; heap: number } {
  gc!();
  gc!();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: round(rss / 2 ** 20, 1), heap: round(heapUsed / 2 ** 20, 1) };
}

export async function runSteadyLoad(dossiers: number, months: number): Promise<SteadyLoadResult> {
  if (!gc) throw new Error('run with node --expose-gc: RSS is sampled after a full garbage collection');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-steady-'));
  const started = performance.now();
  const platform = await startPlatform({
    dataDir,
    startAt: new Date('2026-03-02T08:00:00Z'),
    tickMs: 3_600_000,
    log: (line) => (line.includes('error') ? progress(line) : undefined),
  });
  try {
    const http = httpClient(platform.api, IDENTITY_HEADER);
    const { ok } = http;
    const { cast, travelTo, toSignedConvention } = campaignSteps(platform, http);

    progress(`steady load: ${dossiers} dossiers brought to their operation`);
    await toSignedConvention(dossiers, STEADY_START);

    const rssByMonth: number[] = [];
    for (let month = 0; month < months; month++) {
      const monthStart = addDays(STEADY_START, 30 * month);
      // A comité on the 25th day of each month while the operation runs (it ends on 31 December 2026).
      const comite = addDays(monthStart, 25);
      if (comite <= '2026-12-15') {
        await pool(cast, CONCURRENCY, (d) => ok('POST', `/dossiers/${d.id}/comites`, instructeur(d.territory), { date: comite }));
        await platform.tick();
        await travelTo(addDays(comite, -10));
        const participants = {
          comiteDate: comite,
          entrees: [{ prenom: 'Camille', nom: 'Martin', dateEntree: addDays(comite, -20) }],
          sorties: [{ prenom: 'Inès', nom: 'Dubois', dateSortie: addDays(comite, -12), motifSortie: 'emploi-durable' }],
        };
        await pool(cast, CONCURRENCY, (d) => ok('POST', `/dossiers/${d.id}/participants`, d.porteur, participants));
        await platform.tick();
        await travelTo(addDays(comite, 1));
        await pool(cast, CONCURRENCY, (d) =>
          ok('POST', `/dossiers/${d.id}/comites/${comite}/compte-rendu`, instructeur(d.territory), { compteRendu: 'Comité tenu.' }),
        );
        await platform.tick();
      }
      const monthEnd = addDays(monthStart, 30);
      // The annual documents and the bilan, once the operation is over and they are due.
      if (monthStart < '2027-04-02' && monthEnd >= '2027-04-02') {
        await travelTo('2027-04-02');
        await pool(cast, CONCURRENCY, async (d) => {
          await ok('POST', `/dossiers/${d.id}/documents-annuels`, instructeur(d.territory), {
            exercice: 2026,
            documents: ANNUAL_DOCUMENT_KEYS,
          });
          await ok('POST', `/dossiers/${d.id}/bilan`, d.porteur, sampleBilanOf(d.dispositif));
        });
        await platform.tick();
      }
      await travelTo(monthEnd);
      rssByMonth.push(residentMb().rss);
      progress(`month ${month + 1}: RSS ${rssByMonth.at(-1)} MB`);
    }
    const end = residentMb();
    const first = rssByMonth[0]!;
    return {
      dossiers,
      months,
      rssByMonthMb: rssByMonth,
      rssAfterFirstMonthMb: first,
      rssEndMb: end.rss,
      rssRatio: round(end.rss / first, 3),
      peakRssMb: round(peakRssMb(), 0),
      liveHeapEndMb: end.heap,
      seconds: round((performance.now() - started) / 1000, 1),
    };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  await relaunchWithPlatformFlags(); // the V8 flags `npm start` runs the platform with, from JavaScript as it runs
  lowerHelperThreadsPriority(); // and V8's helper threads below the event loop, as it does
  const { values } = parseArgs({ options: { dossiers: { type: 'string', default: '100' }, months: { type: 'string', default: '12' } } });
  const result = await runSteadyLoad(Number(values.dossiers), Number(values.months));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * The cost of the platform's days: the scheduler's step (TTL expiry, redelivery, due timers, the
 * daily enforcement, the outbox) run once per platform day while the clock travels. The platform
 * runs in a process of its own on disk (bench/platform-process.ts), as `npm start` does.
 * - `--n 0`: an empty platform travels 361 days (`--days`; requests of 30 days): the cost of a day
 *   on which nothing is due.
 * - `--n 100`: the campaign's dossiers are carried to their comité (bench/campaign.ts), then the
 *   clock travels 2026-06-16 → 2027-04-02 (the campaign's "operation" phase: 290 days with 100
 *   live dossiers and a few emails).
 * Prints JSON: wall and platform CPU time of the travel, CPU per day, and the travel's bounds on
 * the monotonic clock in µs (`profileWindowUs`, the time base of a V8 CPU profile written with
 * BENCH_CPU_PROF_DIR), e.g. `BENCH_CPU_PROF_DIR=/tmp/p node bench/platform-days.ts --n 0`.
 */
import { parseArgs } from 'node:util';
import { IDENTITY_HEADER } from '#infra/local/http-api-server.ts';
import { addDays, CONCURRENCY, START_DATE, campaignSteps, instructeur } from './campaign.ts';
import { httpClient, pool, round } from './lib.ts';
import { startPlatformProcess } from './platform-process.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '0' }, days: { type: 'string', default: '361' } } });
const n = Number(values.n);
const platform = await startPlatformProcess({ onDisk: true, startAt: new Date(`${START_DATE}T08:00:00Z`), tickMs: 3_600_000 });
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
try {
  const http = httpClient(platform.api, IDENTITY_HEADER);
  const { ok } = http;
  const { cast, travelTo, toSignedConvention } = campaignSteps(platform, http);
  let from = START_DATE;
  let to = addDays(START_DATE, Number(values.days));
  if (n > 0) {
    // The campaign up to its comité (as bench/campaign.ts).
    await toSignedConvention(n, '2026-04-20');
    await pool(cast, CONCURRENCY, (d) => ok('POST', `/dossiers/${d.id}/comites`, instructeur(d.territory), { date: '2026-06-15' }));
    await platform.tick();
    await travelTo('2026-06-16');
    await pool(cast, CONCURRENCY, (d) =>
      ok('POST', `/dossiers/${d.id}/comites/2026-06-15/compte-rendu`, instructeur(d.territory), { compteRendu: 'Comité tenu.' }),
    );
    await platform.tick();
    from = '2026-06-16';
    to = '2027-04-02';
  }
  const cpuBefore = await platform.cpuMs();
  const startUs = monotonicUs();
  await travelTo(to);
  const endUs = monotonicUs();
  const cpuMs = (await platform.cpuMs()) - cpuBefore;
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  console.log(
    JSON.stringify({
      n,
      days,
      wallMs: round((endUs - startUs) / 1000, 0),
      cpuMs: round(cpuMs, 0),
      cpuMsPerDay: round(cpuMs / days, 2),
      idleShare: round(1 - cpuMs / ((endUs - startUs) / 1000), 2),
      profileWindowUs: [startUs, endUs],
    }),
  );
} finally {
  await platform.stop();
}

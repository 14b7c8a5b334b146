/**
 * The local DynamoDB's own CPU per request, on the platform's real requests: a campaign's requests
 * to the engine are recorded (BENCH_DYNAMO_RECORD=<file> in the platform process of the benches:
 * bench/platform-process.ts), then replayed one after the other against a fresh engine on disk
 * (LevelDB, as `npm start` and the campaign bench keep it), in this process alone. A campaign's CPU
 * per dossier moves with the load of a shared machine; the replay counts only the engine's work
 * (validation, reads, item and index writes, LevelDB's threads), the same requests in the same
 * order on every run, so two versions of the engine compare run against run.
 *
 *   BENCH_DYNAMO_RECORD=/tmp/requests.jsonl node bench/campaign.ts --n 100
 *   node bench/dynamo-replay.ts /tmp/requests.jsonl [--runs 3]
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDynalite } from '#infra/local/dynamodb/dynalite.ts';
import type { Engine } from '#infra/local/dynamodb/in-process.ts';
import { round } from './lib.ts';

/** Appends every request the engine of this process is given to `file` (JSON lines: operation, request). */
export function recordDynamoRequests(file: string): void {
  const dynalite = createRequire(import.meta.url)('dynalite') as {
    handle: (store: unknown, op: string, data: object, cb: unknown) => void;
  };
  const handle = dynalite.handle;
  let lines: string[] = [];
  const flush = () => {
    if (lines.length) appendFileSync(file, lines.join(''));
    lines = [];
  };
  dynalite.handle = (store, operation, data, cb) => {
    lines.push(`${JSON.stringify([operation, data])}\n`);
    if (lines.length >= 1000) flush();
    handle(store, operation, data, cb);
  };
  process.on('exit', flush);
}

interface ReplayResult {
  requests: number;
  /** µs of CPU per request: the whole process (LevelDB's threads included), and its main thread. */
  cpuUsPerRequest: number;
  mainThreadCpuUsPerRequest: number;
  /** Requests by operation. */
  operations: Record<string, number>;
  /** Requests the engine refused (a condition, a validation): as many on every run of one file. */
  errors: number;
}

/** Replays `requests` (the engine changes what it is given: parsed afresh for each run) one after the other. */
async function replay(requests: [string, object][]): Promise<ReplayResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dynamo-replay-'));
  const dynamo = await startDynalite({ path: dir });
  const engine: Engine = dynamo.engine;
  const operations: Record<string, number> = {};
  let errors = 0;
  try {
    const cpu = process.cpuUsage();
    const main = process.threadCpuUsage();
    for (const [operation, data] of requests) {
      operations[operation] = (operations[operation] ?? 0) + 1;
      if (await new Promise<boolean>((resolve) => engine(operation, data, (err) => resolve(err != null)))) errors++;
    }
    const total = process.cpuUsage(cpu);
    const mainTotal = process.threadCpuUsage(main);
    return {
      requests: requests.length,
      cpuUsPerRequest: round((total.user + total.system) / requests.length, 1),
      mainThreadCpuUsPerRequest: round((mainTotal.user + mainTotal.system) / requests.length, 1),
      operations,
      errors,
    };
  } finally {
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '1' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: node bench/dynamo-replay.ts <recorded requests> [--runs N]');
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (let run = 0; run < Number(values.runs); run++) {
    const requests = lines.map((line) => JSON.parse(line) as [string, object]);
    globalThis.gc?.();
    console.log(JSON.stringify(await replay(requests)));
  }
}

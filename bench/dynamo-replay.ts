/**
 * The local DynamoDB's own CPU per request, on the platform's real requests: a campaign's requests
 * to the engine are recorded (BENCH_DYNAMO_RECORD=<file> in the platform process of the benches:
 * bench/platform-process.ts), then replayed one after the other against a fresh engine on disk
 * (LevelDB, as `npm start` and the campaign bench keep it), in this process alone. A campaign's CPU
 * per dossier moves with the load of a shared machine; the replay counts only the engine's work
 * (validation, reads, item and index writes, LevelDB's threads), the same requests in the same
 * order on every run, so two versions of the engine compare run against run.
 *
 * A table a request creates is waited for (DescribeTable until ACTIVE, outside the figures) before
 * the next request, as the platform waits for it: replayed at once, the UpdateTimeToLive that follows
 * the CreateTable met the table still CREATING in some runs and not in others, and the runs that lost
 * the race did other work (no TTL, so none of the expiry entries: 1,700 puts of an N=100 campaign).
 *
 * `--memory` replays against an engine in memory (memory-level, as the platform of the tests and of
 * `bench/inbox-load.ts --memory` keeps it) instead of on disk.
 *
 * `--answers <file>` writes every answer in order (JSON, one a line; an error as its status and
 * body), then every key and value of the store at the end, to compare two versions of the engine
 * byte for byte (`cmp`): the table description's times and id are blanked, and BatchGetItem's shuffle
 * of its items (Math.random) is seeded, the same on both sides.
 *
 *   BENCH_DYNAMO_RECORD=/tmp/requests.jsonl node bench/campaign.ts --n 100
 *   node bench/dynamo-replay.ts /tmp/requests.jsonl [--runs 3] [--answers /tmp/answers.txt] [--memory]
 *   BENCH_DYNAMO_RECORD=/tmp/inbox.jsonl node bench/inbox-load.ts --clients 50 --dossiers 150 --rounds 3
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDynalite } from '#infra/local/dynamodb/dynalite.ts';
import type { Engine, EngineError } from '#infra/local/dynamodb/in-process.ts';
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

/** Replays `requests` (the engine changes what it is given: parsed afresh for each run) one after the other; `answers` receives each answer. */
async function replay(requests: [string, object][], answers?: string[], memory = false): Promise<ReplayResult> {
  const dir = memory ? undefined : mkdtempSync(join(tmpdir(), 'dynamo-replay-'));
  const dynamo = await startDynalite({ path: dir });
  const engine: Engine = dynamo.engine;
  const ask = (operation: string, data: object) =>
    new Promise<{ err: EngineError | null; result?: object }>((resolve) =>
      engine(operation, data, (err, result) => resolve({ err, result })),
    );
  const operations: Record<string, number> = {};
  let errors = 0;
  // The CPU of the waits for created tables, left out of the figures.
  const waited = { cpu: 0, main: 0 };
  try {
    const cpu = process.cpuUsage();
    const main = process.threadCpuUsage();
    for (const [operation, data] of requests) {
      operations[operation] = (operations[operation] ?? 0) + 1;
      const { err, result } = await ask(operation, data);
      if (err) errors++;
      answers?.push(answerLine(err, result));
      if (operation === 'CreateTable' && !err) await untilActive(ask, (data as { TableName: string }).TableName, waited);
    }
    const total = process.cpuUsage(cpu);
    const mainTotal = process.threadCpuUsage(main);
    if (answers) answers.push('', ...(await storeLines(dynamo.store)));
    return {
      requests: requests.length,
      cpuUsPerRequest: round((total.user + total.system - waited.cpu) / requests.length, 1),
      mainThreadCpuUsPerRequest: round((mainTotal.user + mainTotal.system - waited.main) / requests.length, 1),
      operations,
      errors,
    };
  } finally {
    await dynamo.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the table is ACTIVE (dynalite creates it in a later turn); adds the CPU it took to `waited`. */
async function untilActive(
  ask: (operation: string, data: object) => Promise<{ err: EngineError | null; result?: object }>,
  tableName: string,
  waited: { cpu: number; main: number },
): Promise<void> {
  const cpu = process.cpuUsage();
  const main = process.threadCpuUsage();
  for (;;) {
    const { result } = await ask('DescribeTable', { TableName: tableName });
    if ((result as { Table?: { TableStatus?: string } } | undefined)?.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const total = process.cpuUsage(cpu);
  const mainTotal = process.threadCpuUsage(main);
  waited.cpu += total.user + total.system;
  waited.main += mainTotal.user + mainTotal.system;
}

/** An answer as one line; a table description's times and id (which differ on every run) blanked. */
function answerLine(err: EngineError | null, result?: object): string {
  return blankTableTimes(JSON.stringify(err ? { statusCode: err.statusCode, body: err.body ?? String(err) } : result));
}

function blankTableTimes(json: string): string {
  return json
    .replace(/"(CreationDateTime|LastIncreaseDateTime|LastDecreaseDateTime|LastUpdateToPayPerRequestDateTime)":[0-9.]+/g, '"$1":0')
    .replace(/"TableId":"[^"]+"/g, '"TableId":""');
}

/** Every key and value of the store (LevelDB, in key order), one a line. */
async function storeLines(store: unknown): Promise<string[]> {
  const db = (store as { db: { iterator(options: object): AsyncIterable<[string, string]> } }).db;
  const lines: string[] = [];
  for await (const [key, value] of db.iterator({ keyEncoding: 'utf8', valueEncoding: 'utf8' }))
    lines.push(`${key}\t${blankTableTimes(value)}`);
  return lines;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: 'string', default: '1' }, answers: { type: 'string' }, memory: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: node bench/dynamo-replay.ts <recorded requests> [--runs N] [--answers <file>] [--memory]');
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (let run = 0; run < Number(values.runs); run++) {
    if (values.answers) {
      // BatchGetItem shuffles the items it answers: Math.random seeded for each run, so that two engines answer alike.
      let seed = 42;
      Math.random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    }
    const requests = lines.map((line) => JSON.parse(line) as [string, object]);
    const answers: string[] | undefined = values.answers ? [] : undefined;
    globalThis.gc?.();
    console.log(JSON.stringify(await replay(requests, answers, values.memory)));
    if (answers && values.answers) writeFileSync(values.answers, `${answers.join('\n')}\n`);
  }
}

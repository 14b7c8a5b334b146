/**
 * (3) The daily enforcement against table size: a table of S deadlines (the adapter's items:
 * adapters/dynamodb/items.ts), 1 % of them due today and the rest spread over the coming
 * year, loaded by BatchWriteItem straight into dynalite. Then `runDailyEnforcement` as the
 * scheduler runs it: the items it reads (its report's `read`, and the items dynalite returned to
 * its queries — both must equal the due items), its time, and a full-table Scan of the same
 * table for comparison. The due items are obligations of today (not yet missed): the run reads
 * and classifies them, so it can be repeated and timed.
 *
 * Run alone: `node bench/enforcement.ts --sizes 10000,100000 --runs 5`.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BatchWriteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { newDeadlineItem } from '#adapters/dynamodb/items.ts';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { createTable } from '#adapters/dynamodb/table-design.ts';
import { catalog } from '#domain/catalog/index.ts';
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import { startDynalite } from '#infra/local/services.ts';
import { enforcementInstant } from '#infra/local/platform.ts';
import { dynamoCounters, installDynamoCounters, resetDynamoCounters } from './counters.ts';
import { median, pool, progress, round, timed } from './lib.ts';

const TODAY = '2026-06-15';
const TABLE = 'bench-enforcement';
const KINDS = ['bilan', 'annual-documents', 'participant-list', 'convention-signature'];

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function deadlineItem(i: number) {
  const dueDate = i % 100 === 0 ? TODAY : addDays(TODAY, 1 + (i % 365)); // 1 % today, none in the catch-up days
  const kind = KINDS[i % KINDS.length]!;
  return newDeadlineItem(
    { dossierId: `dossier${Math.floor(i / 10)}`, kind, ref: `r${i % 10}`, dueDate, data: { obligation: kind } },
    '2026-03-02T09:00:00.000Z',
  );
}

export interface EnforcementSizeResult {
  size: number;
  due: number;
  loadSeconds: number;
  /** runDailyEnforcement's report. */
  read: number;
  /** Items dynalite returned to the run's queries. */
  itemsReturned: number;
  queries: number;
  runMs: number;
  scanItems: number;
  scanMs: number;
  /** Scan time / enforcement time. */
  scanRatio: number;
}

async function measureSize(size: number, runs: number): Promise<EnforcementSizeResult> {
  const dynamo = await startDynalite();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // The adapters' own client (adapters/aws/dynamodb.ts), as the Lambda has it; the SDK's loads and counts.
  const documents = new DynamoDB({
    endpoint: dynamo.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await createTable(documents, TABLE);
    const batches = Array.from({ length: Math.ceil(size / 25) }, (_, b) => b);
    const load = await timed(() =>
      pool(batches, 16, async (b) => {
        const items = Array.from({ length: Math.min(25, size - b * 25) }, (_, k) => deadlineItem(b * 25 + k));
        const out = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [TABLE]: items.map((item) => ({ PutRequest: { Item: marshall(item) } })) } }),
        );
        if (Object.keys(out.UnprocessedItems ?? {}).length > 0) throw new Error('unprocessed items');
      }),
    );
    const due = Math.ceil(size / 100);
    progress(`enforcement: ${size} deadlines loaded in ${round(load.ms / 1000, 1)} s`);
    const clock = { now: () => enforcementInstant(TODAY, 6) };
    const deps = { ...dynamoStores({ client: documents, tableName: TABLE, clock }), clock, catalog };
    const times: number[] = [];
    let read = 0;
    let itemsReturned = 0;
    let queries = 0;
    for (let r = 0; r < runs; r++) {
      resetDynamoCounters();
      const { ms, value } = await timed(() => runDailyEnforcement(deps));
      const c = dynamoCounters()[TABLE]!;
      times.push(ms);
      read = value.read;
      itemsReturned = c.itemsReturned;
      queries = c.requests.query ?? 0;
      if (read !== due || itemsReturned !== due) throw new Error(`size ${size}: read ${read}, returned ${itemsReturned}, due ${due}`);
    }
    const scans: number[] = [];
    let scanItems = 0;
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const { ms, value } = await timed(async () => {
        let count = 0;
        let start: Record<string, any> | undefined;
        do {
          const page = await client.send(new ScanCommand({ TableName: TABLE, ...(start ? { ExclusiveStartKey: start } : {}) }));
          count += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start);
        return count;
      });
      scans.push(ms);
      scanItems = value;
    }
    const runMs = median(times);
    const scanMs = median(scans);
    progress(`enforcement: ${size} → run ${round(runMs, 1)} ms (${read} read), scan ${round(scanMs, 0)} ms (${scanItems} items)`);
    return {
      size,
      due,
      loadSeconds: round(load.ms / 1000, 1),
      read,
      itemsReturned,
      queries,
      runMs: round(runMs, 1),
      scanItems,
      scanMs: round(scanMs, 0),
      scanRatio: round(scanMs / runMs, 0),
    };
  } finally {
    client.destroy();
    await dynamo.close();
  }
}

export async function runEnforcement(sizes: number[], runs: number): Promise<EnforcementSizeResult[]> {
  installDynamoCounters();
  const results: EnforcementSizeResult[] = [];
  for (const size of sizes) results.push(await measureSize(size, runs));
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, runs: { type: 'string', default: '5' } } });
  console.log(JSON.stringify(await runEnforcement(values.sizes.split(',').map(Number), Number(values.runs))));
  process.exit(0);
}

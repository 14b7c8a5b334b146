/**
 * The work queues' mirror (infra/local/work-queues.ts) against the local DynamoDB itself: after
 * puts, updates that move an item in the index or take it out, deletions, transactions and TTL
 * expiry, its answer for a range of a partition is the answer of a Query of the index (GSI4) for
 * that range — fed by the change feed, and loaded afresh by its Scan (a restarted platform).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { createTable } from '#adapters/dynamodb/table-design.ts';
import { watchChanges } from '#infra/local/events/change-feed.ts';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';
import { WorkQueueMirror } from '#infra/local/work-queues.ts';

const TableName = 'work-queues';
let dynamo: LocalDynamo;
let client: DynamoDB;
const fed = new WorkQueueMirror();

beforeAll(async () => {
  dynamo = await startDynalite();
  client = dynamo.client();
  await createTable(client, TableName);
  watchChanges(dynamo.store, (table, record) => {
    if (table === TableName) fed.apply(record);
  });
  await fed.load(client, TableName);
});
afterAll(() => dynamo?.close());

const PARTITIONS = ['DUE#2026-06', 'DUE#2026-07', 'OUTBOX#PENDING', 'DECISIONS#UNCONFIRMED'];
const DAYS = ['2026-06-01', '2026-06-15', '2026-06-30', '2026-07-01', '2026-07-09', '2026-07-31'];

/** What a Query of the index answers: an item of `partition` with a sort key in [from, to]. */
async function queried(partition: string, from: string, to: string): Promise<boolean> {
  const { Items = [] } = await client.call<{ Items?: unknown[] }>('Query', {
    TableName,
    IndexName: 'GSI4',
    KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': { S: partition }, ':from': { S: from }, ':to': { S: to } },
    Limit: 1,
  });
  return Items.length > 0;
}

/** Sort-key bounds: whole days, and keys an item may have (ids are few, so a bound often equals a key). */
const BOUNDS = DAYS.flatMap((d) => [d, `${d}~`, `${d}#id-1`, `${d}T06:00:00.000Z#id-1`]).sort();

/** Compares the mirror with the index for every partition over `ranges`; returns how many were not empty. */
async function expectSameAnswers(mirror: WorkQueueMirror, ranges: [string, string][]): Promise<number> {
  let hits = 0;
  for (const partition of PARTITIONS)
    for (const [from, to] of ranges) {
      const expected = await queried(partition, from, to);
      expect(
        mirror.has((p) => p === partition, from, to),
        `${partition} ${from}..${to}`,
      ).toBe(expected);
      if (expected) hits++;
    }
  return hits;
}
const allRanges = (): [string, string][] =>
  ['', ...BOUNDS].flatMap((from) => BOUNDS.filter((to) => to >= from).map((to) => [from, to] as [string, string]));
const someRanges = (): [string, string][] =>
  Array.from({ length: 3 }, () => {
    const [a, b] = [BOUNDS[random(BOUNDS.length)]!, BOUNDS[random(BOUNDS.length)]!].sort() as [string, string];
    return [random(3) === 0 ? '' : a, b];
  });

/** A seeded generator (mulberry32): the same operations at every run. */
const random = (() => {
  let seed = 13;
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
})();
const S = (s: string) => ({ S: s });

describe('the work queues mirror', () => {
  it('answers as a Query of the index, fed by the change feed and loaded by its Scan', async () => {
    const queueOf = () => {
      const partition = PARTITIONS[random(PARTITIONS.length)]!;
      const day = partition.startsWith('DUE#')
        ? DAYS.filter((d) => d.startsWith(partition.slice(4)))[random(3)]!
        : DAYS[random(DAYS.length)]!;
      return { GSI4PK: S(partition), GSI4SK: S(`${day}${partition.startsWith('DUE#') ? '' : 'T06:00:00.000Z'}#id-${random(3)}`) };
    };
    const key = (i: number) => ({ PK: S(`DOSSIER#${i % 7}`), SK: S(`ITEM#${i}`) });
    let checks = 0;
    for (let round = 0; round < 4; round++) {
      for (let k = 0; k < 40; k++) {
        const i = random(30);
        const op = random(6);
        if (op <= 1) await client.call('PutItem', { TableName, Item: { ...key(i), ...queueOf(), other: S('x') } });
        else if (op === 2) await client.call('PutItem', { TableName, Item: { ...key(i), other: S('out of the index') } });
        else if (op === 3) {
          const q = queueOf();
          await client.call('UpdateItem', {
            TableName,
            Key: key(i),
            UpdateExpression: 'SET GSI4PK = :pk, GSI4SK = :sk',
            ExpressionAttributeValues: { ':pk': q.GSI4PK, ':sk': q.GSI4SK },
          });
        } else if (op === 4) await client.call('UpdateItem', { TableName, Key: key(i), UpdateExpression: 'REMOVE GSI4PK, GSI4SK' });
        else await client.call('DeleteItem', { TableName, Key: key(i) });
        checks += await expectSameAnswers(fed, someRanges());
      }
      // A transaction, and an item whose TTL has passed, deleted by the platform's expiry.
      await client.call('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName, Item: { ...key(100 + round), ...queueOf() } } },
          { Delete: { TableName, Key: key(random(30)) } },
        ],
      });
      await client.call('PutItem', { TableName, Item: { ...key(200 + round), ...queueOf(), ttl: { N: '1000' } } });
      expect(await dynamo.expire(new Date(2_000_000))).toBeGreaterThan(0);

      checks += await expectSameAnswers(fed, allRanges());
      const restarted = new WorkQueueMirror();
      await restarted.load(client, TableName);
      await expectSameAnswers(restarted, allRanges());
    }
    expect(checks).toBeGreaterThan(200); // the ranges were not all empty
  });

  it('answers yes until it is loaded', () => {
    expect(new WorkQueueMirror().has(() => true, '', '')).toBe(true);
  });
});

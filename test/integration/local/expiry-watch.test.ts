/**
 * The platform's TTL runs (infra/local/expiry-watch.ts) against the local DynamoDB: at every step a
 * run it skipped would have deleted nothing (an unconditional run right after deletes nothing),
 * whatever was written in between; and it does skip the steps before the next expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { createTable } from '#adapters/dynamodb/table-design.ts';
import { watchChanges } from '#infra/local/events/change-feed.ts';
import { ExpiryWatch } from '#infra/local/expiry-watch.ts';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';

const TableName = 'expiry-watch';
let dynamo: LocalDynamo;
let client: DynamoDB;
let watch: ExpiryWatch;

beforeAll(async () => {
  dynamo = await startDynalite();
  client = dynamo.client();
  await createTable(client, TableName);
  watch = new ExpiryWatch(dynamo.store, TableName, 'ttl');
  watchChanges(dynamo.store, (table, record) => watch.apply(table, record));
});
afterAll(() => dynamo?.close());

const put = (id: string, ttl?: number) =>
  client.call('PutItem', { TableName, Item: { PK: { S: id }, SK: { S: 'x' }, ...(ttl !== undefined ? { ttl: { N: String(ttl) } } : {}) } });
const at = (seconds: number) => new Date(seconds * 1000);

describe('the TTL runs of the platform', () => {
  it('leave nothing a run would delete, and run only when an item may have expired', async () => {
    let runs = 0;
    const expire = (now: Date) => {
      runs++;
      return dynamo.expire(now);
    };
    /** A step at `seconds`: what the watch left, an unconditional run finds nothing to delete. */
    const step = async (seconds: number) => {
      await watch.expireIfDue(at(seconds), expire);
      expect(await dynamo.expire(at(seconds)), `at ${seconds}`).toBe(0);
    };
    await put('a', 1_000);
    await put('b', 5_000);
    await put('c', 9_000.5);
    await put('no-ttl');
    await step(100); // the first step runs: the next expiry is not known yet
    expect(runs).toBe(1);
    for (const s of [200, 300, 999, 1_000]) await step(s);
    expect(runs).toBe(1);
    await step(1_000.5); // runs, deletes nothing yet (DynamoDB deletes once its second has passed)
    await step(1_001);
    await step(1_002);
    expect(runs).toBe(3);
    // Written after the last run, expiring before the next expiry it knows (b, at 5,000): lowers it.
    await put('d', 2_000);
    await step(1_500);
    expect(runs).toBe(3);
    await step(2_001);
    expect(runs).toBe(4);
    // An item's TTL moved earlier by an update.
    await client.call('UpdateItem', {
      TableName,
      Key: { PK: { S: 'b' }, SK: { S: 'x' } },
      UpdateExpression: 'SET #t = :t',
      ExpressionAttributeNames: { '#t': 'ttl' },
      ExpressionAttributeValues: { ':t': { N: '3000' } },
    });
    for (const s of [2_500, 3_001, 4_000, 9_000, 9_001, 9_002, 20_000, 30_000]) await step(s);
    expect(runs).toBeLessThan(10);
    const { Items = [] } = await client.call<{ Items?: { PK: { S: string } }[] }>('Scan', { TableName });
    expect(Items.map((i) => i.PK.S)).toEqual(['no-ttl']);
    // Another table written (an outside client's, whose TTL attribute the watch does not know): every step runs.
    await createTable(client, 'another');
    await client.call('PutItem', { TableName: 'another', Item: { PK: { S: 'e' }, SK: { S: 'x' }, ttl: { N: '40000' } } });
    const before = runs;
    await step(40_001);
    await step(40_002);
    expect(runs).toBe(before + 2);
  });
});

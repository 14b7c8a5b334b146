/**
 * TTL in the local DynamoDB (patches/dynalite+4.0.0.patch): UpdateTimeToLive / DescribeTimeToLive
 * as DynamoDB answers them, and `expire(now)` — run by the platform on its own clock — deletes
 * exactly the items whose TTL attribute is a number of epoch seconds before now, as normal
 * deletes (their index entries go with them), whatever writes came before. ARNs name the
 * platform's region and account.
 */
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { createQueueTable } from './fixtures/tables.ts';

let dynamo: LocalDynamo;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
});
afterAll(() => dynamo?.close());

const DAY = 86_400;
const NOW = Date.parse('2027-01-01T00:00:00Z') / 1000;
const at = (seconds: number) => new Date(seconds * 1000);

async function newTable(): Promise<string> {
  const TableName = `ttl-${++tables}`;
  await createQueueTable(client, TableName);
  return TableName;
}
const enable = (TableName: string, AttributeName = 'ttl', Enabled = true) =>
  client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled, AttributeName } }));
const put = (TableName: string, pk: string, ttl?: { N: string } | { S: string }) =>
  client.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, queue: { S: 'q' }, ...(ttl ? { ttl } : {}) } }));
async function keys(TableName: string): Promise<string[]> {
  const items = (await client.send(new ScanCommand({ TableName, ConsistentRead: true }))).Items ?? [];
  return items.map((i) => i.pk?.S ?? '').sort();
}
async function indexed(TableName: string): Promise<string[]> {
  const out = await client.send(
    new QueryCommand({
      TableName,
      IndexName: 'by-queue',
      KeyConditionExpression: '#q = :q',
      ExpressionAttributeNames: { '#q': 'queue' },
      ExpressionAttributeValues: { ':q': { S: 'q' } },
    }),
  );
  return (out.Items ?? []).map((i) => i.pk?.S ?? '').sort();
}
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, got none');
}

describe('UpdateTimeToLive / DescribeTimeToLive', () => {
  it('enables and disables TTL, refusing what DynamoDB refuses', async () => {
    const table = await newTable();
    expect((await client.send(new DescribeTimeToLiveCommand({ TableName: table }))).TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'DISABLED',
    });
    expect((await enable(table)).TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: 'ttl' });
    expect((await client.send(new DescribeTimeToLiveCommand({ TableName: table }))).TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'ttl',
    });
    const again = await rejection(enable(table));
    expect([again.name, again.message]).toEqual(['ValidationException', 'TimeToLive is already enabled']);
    const other = await rejection(enable(table, 'expiresAt'));
    expect([other.name, other.message]).toEqual([
      'ValidationException',
      'TimeToLive is active on a different AttributeName: current AttributeName is ttl',
    ]);
    await enable(table, 'ttl', false);
    const off = await rejection(enable(table, 'ttl', false));
    expect([off.name, off.message]).toEqual(['ValidationException', 'TimeToLive is already disabled']);
    const missing = await rejection(enable('no-such-table'));
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('expiry', () => {
  it('deletes exactly the items expired at the given instant, index entries included', async () => {
    const table = await newTable();
    await enable(table);
    await put(table, 'past', { N: String(NOW - DAY) });
    await put(table, 'just-past', { N: String(NOW - 1) });
    await put(table, 'future', { N: String(NOW + DAY) });
    await put(table, 'string-ttl', { S: String(NOW - DAY) });
    await put(table, 'no-ttl');
    await put(table, 'six-years-ago', { N: String(NOW - 6 * 365 * DAY) });

    expect(await dynamo.expire(at(NOW))).toBe(2);
    const left = ['future', 'no-ttl', 'six-years-ago', 'string-ttl'];
    expect(await keys(table)).toEqual(left);
    expect(await indexed(table)).toEqual(left);
    expect(await dynamo.expire(at(NOW))).toBe(0);

    // The platform's clock moves: the item of tomorrow expires the day after.
    expect(await dynamo.expire(at(NOW + 2 * DAY))).toBe(1);
    expect(await keys(table)).toEqual(['no-ttl', 'six-years-ago', 'string-ttl']);
  });

  it('follows every write: an updated TTL, a removed TTL, a transaction, a delete', async () => {
    const table = await newTable();
    await enable(table);
    await put(table, 'postponed', { N: String(NOW - DAY) });
    await put(table, 'kept', { N: String(NOW - DAY) });
    await put(table, 'brought-forward', { N: String(NOW + 10 * DAY) });
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'postponed' } },
        UpdateExpression: 'SET #t = :t',
        ExpressionAttributeNames: { '#t': 'ttl' },
        ExpressionAttributeValues: { ':t': { N: String(NOW + DAY) } },
      }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'kept' } },
        UpdateExpression: 'REMOVE #t',
        ExpressionAttributeNames: { '#t': 'ttl' },
      }),
    );
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { pk: { S: 'brought-forward' } },
              UpdateExpression: 'SET #t = :t',
              ExpressionAttributeNames: { '#t': 'ttl' },
              ExpressionAttributeValues: { ':t': { N: String(NOW - DAY) } },
            },
          },
          { Put: { TableName: table, Item: { pk: { S: 'from-transaction' }, queue: { S: 'q' }, ttl: { N: String(NOW - DAY) } } } },
        ],
      }),
    );
    expect(await dynamo.expire(at(NOW))).toBe(2);
    expect(await keys(table)).toEqual(['kept', 'postponed']);
    expect(await indexed(table)).toEqual(['kept', 'postponed']);
  });

  it('expires the items written before TTL was enabled, and nothing once it is disabled', async () => {
    const table = await newTable();
    await put(table, 'before', { N: String(NOW - DAY) });
    expect(await dynamo.expire(at(NOW))).toBe(0);
    await enable(table);
    expect(await dynamo.expire(at(NOW))).toBe(1);
    await put(table, 'after', { N: String(NOW - DAY) });
    await enable(table, 'ttl', false);
    expect(await dynamo.expire(at(NOW))).toBe(0);
    expect(await keys(table)).toEqual(['after']);
  });
});

describe('ARNs', () => {
  it('name the platform region and account', async () => {
    const table = await newTable();
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    expect(Table?.TableArn).toBe(`arn:aws:dynamodb:eu-west-3:000000000000:table/${table}`);
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexArn).toBe(`arn:aws:dynamodb:eu-west-3:000000000000:table/${table}/index/by-queue`);
  });
});

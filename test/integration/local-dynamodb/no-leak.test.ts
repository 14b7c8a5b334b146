/**
 * The local DynamoDB holds no more than its data (patches/dynalite+4.0.0.patch), counted here:
 * every LevelDB iterator dynalite opens is closed (each pinned its snapshot for the life of the
 * process: 5,450 opened, 0 closed over 10 dossiers before the patch); the in-memory store keeps
 * keys and values as strings (memory-level's default buffer encoding pinned an 8 KB pool slab
 * per small key or value); an expression is parsed once per shape (names and value types), not
 * once per request — and the answers stay those of a fresh parse.
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  paginateQuery,
  paginateScan,
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

const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
type Iterator = { close: (...a: unknown[]) => unknown };
const { MemoryLevel } = fromDynalite('memory-level') as { MemoryLevel: { prototype: Record<string, (...a: unknown[]) => Iterator> } };
const parsers = {
  condition: fromDynalite('./db/conditionParser') as { parse: (...a: unknown[]) => unknown },
  update: fromDynalite('./db/updateParser') as { parse: (...a: unknown[]) => unknown },
};

const iterators = { opened: 0, closed: 0 };
const parses = { condition: 0, update: 0 };
const originals = {
  iterator: MemoryLevel.prototype.iterator!,
  keys: MemoryLevel.prototype.keys!,
  values: MemoryLevel.prototype.values!,
  condition: parsers.condition.parse,
  update: parsers.update.parse,
};

let dynamo: LocalDynamo;
let client: DynamoDBClient;
beforeAll(async () => {
  for (const kind of ['iterator', 'keys', 'values'] as const) {
    MemoryLevel.prototype[kind] = function (this: unknown, ...args: unknown[]) {
      const iterator = originals[kind].apply(this, args);
      iterators.opened++;
      const close = iterator.close;
      let closed = false;
      iterator.close = function (this: unknown, ...a: unknown[]) {
        if (!closed) iterators.closed++;
        closed = true;
        return close.apply(this, a);
      };
      return iterator;
    };
  }
  for (const kind of ['condition', 'update'] as const) {
    parsers[kind].parse = (...args: unknown[]) => {
      parses[kind]++;
      return originals[kind](...args);
    };
  }
  dynamo = await startDynalite();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
});
afterAll(async () => {
  for (const kind of ['iterator', 'keys', 'values'] as const) MemoryLevel.prototype[kind] = originals[kind];
  parsers.condition.parse = originals.condition;
  parsers.update.parse = originals.update;
  await dynamo?.close();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('LevelDB iterators', () => {
  it('are all closed once the requests are answered: queries (limited, paginated, empty), scans, table listing, TTL sweep, table deletion', async () => {
    await createQueueTable(client, 'leak-iterators');
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: 'leak-iterators', TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }),
    );
    for (let i = 0; i < 30; i++) {
      await client.send(
        new PutItemCommand({
          TableName: 'leak-iterators',
          Item: { pk: { S: `p${i}` }, queue: { S: i % 2 ? 'odd' : 'even' }, ttl: { N: String(1000 + i) } },
        }),
      );
    }
    const before = { ...iterators };
    const query = (q: string, Limit?: number) =>
      client.send(
        new QueryCommand({
          TableName: 'leak-iterators',
          IndexName: 'by-queue',
          KeyConditionExpression: '#q = :q',
          ExpressionAttributeNames: { '#q': 'queue' },
          ExpressionAttributeValues: { ':q': { S: q } },
          ...(Limit ? { Limit } : {}),
        }),
      );
    for (let i = 0; i < 20; i++) {
      await query('odd');
      await query('even', 3);
      await query('none');
      await client.send(new ScanCommand({ TableName: 'leak-iterators', Limit: 4 }));
      await client.send(new ListTablesCommand({}));
    }
    for await (const _ of paginateScan({ client, pageSize: 7 }, { TableName: 'leak-iterators' }));
    for await (const _ of paginateQuery(
      { client, pageSize: 4 },
      {
        TableName: 'leak-iterators',
        IndexName: 'by-queue',
        KeyConditionExpression: '#q = :q',
        ExpressionAttributeNames: { '#q': 'queue' },
        ExpressionAttributeValues: { ':q': { S: 'odd' } },
      },
    ));
    expect(await dynamo.expire(new Date(1_015_000))).toBe(15);
    await client.send(new DeleteTableCommand({ TableName: 'leak-iterators' }));
    await settle();
    const opened = iterators.opened - before.opened;
    expect(opened).toBeGreaterThan(100);
    expect(iterators.closed - before.closed).toBe(opened);
  });
});

describe('in-memory store', () => {
  it('holds 1,000 small items written 5 times each in tens of KB of array buffers, not MBs of pinned 8 KB slabs', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // dynalite's own engine, called in this process: no socket or SDK buffers in the count.
    const dynalite = fromDynalite('./index.js') as ((o: object) => { store: unknown; close(cb: () => void): void }) & {
      handle: (store: unknown, operation: string, data: object, cb: (err: unknown) => void) => void;
    };
    const server = dynalite({ createTableMs: 0 });
    const call = (operation: string, data: object) =>
      new Promise<void>((resolve, reject) => dynalite.handle(server.store, operation, data, (err) => (err ? reject(err) : resolve())));
    await call('CreateTable', {
      TableName: 'leak-encoding',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'queue', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        { IndexName: 'by-queue', KeySchema: [{ AttributeName: 'queue', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await settle();
    gc();
    const before = process.memoryUsage().arrayBuffers;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 1_000; i++) {
        await call('PutItem', {
          TableName: 'leak-encoding',
          Item: { pk: { S: `item-${i}` }, queue: { S: `q${(i + round) % 50}` }, n: { N: String(round) } },
        });
        // What a platform does between two writes (HTTP, JSON, the SDK): short-lived small buffers from the same pool.
        for (let j = 0; j < 8; j++) Buffer.from(`transient ${i} ${j} `.repeat(20));
      }
    }
    gc();
    const grown = process.memoryUsage().arrayBuffers - before;
    // 2,000 live keys and values: stored as buffers, each pinned its pool slab with the garbage around it (about 6 MB here;
    // the store itself takes about 64 KB, the rest is what else this process allocates meanwhile).
    expect(grown).toBeLessThan(2 * 1024 * 1024);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('expressions', () => {
  it('are parsed once per shape: 200 updates with other values, one parse each of the update and the condition', async () => {
    await createQueueTable(client, 'leak-parse');
    await client.send(new PutItemCommand({ TableName: 'leak-parse', Item: { pk: { S: 'counter' }, n: { N: '0' }, version: { N: '0' } } }));
    const before = { ...parses };
    for (let version = 0; version < 200; version++) {
      await client.send(
        new UpdateItemCommand({
          TableName: 'leak-parse',
          Key: { pk: { S: 'counter' } },
          UpdateExpression: 'SET #v = :next, note = :note ADD n :by',
          ConditionExpression: '#v = :current',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: {
            ':next': { N: String(version + 1) },
            ':current': { N: String(version) },
            ':by': { N: '2' },
            ':note': { S: `v${version}` },
          },
        }),
      );
    }
    expect(parses.update - before.update).toBe(1);
    expect(parses.condition - before.condition).toBe(1);
    const { Items } = await client.send(new ScanCommand({ TableName: 'leak-parse' }));
    expect(Items?.[0]).toEqual({ pk: { S: 'counter' }, n: { N: '400' }, version: { N: '200' }, note: { S: 'v199' } });
  });

  it('answers as a fresh parse would: another value type, an unused value, BETWEEN bounds, a key condition reused', async () => {
    const update = (values: Record<string, { N: string } | { S: string }>) =>
      client.send(
        new UpdateItemCommand({
          TableName: 'leak-parse',
          Key: { pk: { S: 'typed' } },
          UpdateExpression: 'ADD n :by',
          ExpressionAttributeValues: values,
        }),
      );
    await update({ ':by': { N: '1' } });
    await expect(update({ ':by': { S: 'x' } })).rejects.toThrow(
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    );
    await expect(update({ ':by': { N: '1' }, ':extra': { N: '2' } })).rejects.toThrow(
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}',
    );
    const between = (low: string, high: string) =>
      client.send(
        new ScanCommand({
          TableName: 'leak-parse',
          FilterExpression: 'n BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':low': { N: low }, ':high': { N: high } },
        }),
      );
    expect((await between('0', '5')).Count).toBe(1);
    await expect(between('5', '0')).rejects.toThrow(/BETWEEN operator requires upper bound to be greater than or equal to lower bound/);
    for (const pk of ['counter', 'typed', 'none']) {
      const { Count } = await client.send(
        new QueryCommand({ TableName: 'leak-parse', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } } }),
      );
      expect(Count).toBe(pk === 'none' ? 0 : 1);
    }
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: 'leak-parse',
              Key: { pk: { S: 'typed' } },
              UpdateExpression: 'ADD n :by',
              ExpressionAttributeValues: { ':by': { N: '5' } },
            },
          },
        ],
      }),
    );
    const { Items } = await client.send(
      new QueryCommand({
        TableName: 'leak-parse',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'typed' } },
      }),
    );
    expect(Items?.[0]?.n).toEqual({ N: '6' });
  });
});

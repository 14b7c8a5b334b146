/**
 * Reads of items that do not exist (patches/dynalite+4.0.0.patch, the item keys the store may hold
 * in db/index.js): once the store's item keys are known, a read of a key never put is answered
 * "no item" without a LevelDB lookup. Every answer must stay the store's own through puts, deletes,
 * updates, transactions (written or refused) and a restart on the same data, on disk as `npm start`
 * keeps it; LevelDB's lookups are counted at its implementation's `_getSync`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';

const TABLE = 'absent-items';
const ITEMS = 2_100; // more than one scan batch (1,000 keys), and enough to grow the key set (4,096 slots, half full)
const dir = mkdtempSync(join(tmpdir(), `${TABLE}-`));
let dynamo: LocalDynamo | undefined;
let lookups = 0;

async function start(): Promise<void> {
  dynamo = await startDynalite({ path: dir });
  const level = (dynamo.store as { db: { _getSync: (...args: unknown[]) => unknown } }).db;
  const getSync = level._getSync;
  level._getSync = function (this: unknown, ...args: unknown[]) {
    lookups++;
    return getSync.apply(this, args);
  };
}
const call = (operation: string, data: object) =>
  new Promise<{ err: any; result?: Record<string, any> }>((resolve) =>
    dynamo!.engine(operation, data, (err, result) => resolve({ err, result: result as Record<string, any> })),
  );
const key = (pk: string) => ({ pk: { S: pk } });
const read = async (pk: string) => {
  const { err, result } = await call('GetItem', { TableName: TABLE, Key: key(pk) });
  expect(err).toBeNull();
  return result?.Item as Record<string, any> | undefined;
};
/** Whether reading `pk` (expected absent) asked LevelDB. */
const absentReadAsks = async (pk: string) => {
  const before = lookups;
  expect(await read(pk)).toBeUndefined();
  return lookups > before;
};
/** Reads keys never put until one is answered without LevelDB: the store's item keys are then known. */
async function untilKnown(): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (!(await absentReadAsks(`never-${i}`))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the item keys never became known');
}

afterAll(async () => {
  await dynamo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reads of items that do not exist', () => {
  it('are answered without LevelDB, and every write is read back, through put, delete, update and transactions', async () => {
    await start();
    await call('CreateTable', {
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    while ((await call('DescribeTable', { TableName: TABLE })).result?.Table?.TableStatus !== 'ACTIVE')
      await new Promise((resolve) => setTimeout(resolve, 5));
    await untilKnown();

    // Puts of new items (BatchWriteItem): each read back, then known absent ones still absent without LevelDB
    for (let i = 0; i < ITEMS; i += 25) {
      const puts = Array.from({ length: Math.min(25, ITEMS - i) }, (_, j) => ({
        PutRequest: { Item: { ...key(`item-${i + j}`), n: { N: String(i + j) } } },
      }));
      expect((await call('BatchWriteItem', { RequestItems: { [TABLE]: puts } })).err).toBeNull();
    }
    for (const i of [0, 999, 1_000, ITEMS - 1]) expect((await read(`item-${i}`))?.n).toEqual({ N: String(i) });
    expect(await absentReadAsks('item-absent')).toBe(false);

    // A conditional Put creating its item, an UpdateItem creating its item
    const created = await call('PutItem', {
      TableName: TABLE,
      Item: { ...key('put'), v: { S: 'a' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(created.err).toBeNull();
    expect((await read('put'))?.v).toEqual({ S: 'a' });
    await call('UpdateItem', {
      TableName: TABLE,
      Key: key('upsert'),
      UpdateExpression: 'SET v = :v',
      ExpressionAttributeValues: { ':v': { S: 'u' } },
    });
    expect((await read('upsert'))?.v).toEqual({ S: 'u' });

    // Deleted, read absent (from LevelDB: its key was held), put again, read again
    await call('DeleteItem', { TableName: TABLE, Key: key('put') });
    expect(await read('put')).toBeUndefined();
    await call('PutItem', { TableName: TABLE, Item: { ...key('put'), v: { S: 'b' } } });
    expect((await read('put'))?.v).toEqual({ S: 'b' });

    // A transaction written: its items are read; one refused: its new item stays absent
    const written = await call('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: TABLE, Item: { ...key('tx-1'), v: { S: 't' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { TableName: TABLE, Key: key('tx-2'), UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: 't' } } } },
      ],
    });
    expect(written.err).toBeNull();
    expect((await read('tx-1'))?.v).toEqual({ S: 't' });
    expect((await read('tx-2'))?.v).toEqual({ S: 't' });
    const refused = await call('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: TABLE, Item: { ...key('tx-3'), v: { S: 't' } } } },
        { ConditionCheck: { TableName: TABLE, Key: key('tx-1'), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    });
    expect(refused.err?.body?.__type).toMatch(/TransactionCanceledException/);
    expect(await read('tx-3')).toBeUndefined();
    const got = await call('TransactGetItems', {
      TransactItems: [{ Get: { TableName: TABLE, Key: key('tx-1') } }, { Get: { TableName: TABLE, Key: key('tx-absent') } }],
    });
    expect(got.result?.Responses).toEqual([{ Item: { ...key('tx-1'), v: { S: 't' } } }, {}]);
    expect(await absentReadAsks('still-absent')).toBe(false);
  });

  it('after a restart on the same data, reads the same items and knows the same keys absent', async () => {
    await dynamo!.close();
    await start();
    // Before its item keys are known the store answers from LevelDB; the same answers after
    for (const phase of ['before', 'after']) {
      if (phase === 'after') await untilKnown();
      for (const i of [0, 1_000, ITEMS - 1]) expect((await read(`item-${i}`))?.n, phase).toEqual({ N: String(i) });
      expect((await read('put'))?.v, phase).toEqual({ S: 'b' });
      expect((await read('upsert'))?.v, phase).toEqual({ S: 'u' });
      expect((await read('tx-2'))?.v, phase).toEqual({ S: 't' });
      expect(await read('tx-3'), phase).toBeUndefined();
    }
    expect(await absentReadAsks('item-absent')).toBe(false);
    await call('PutItem', { TableName: TABLE, Item: { ...key('item-absent'), v: { S: 'late' } } });
    expect((await read('item-absent'))?.v).toEqual({ S: 'late' });
  });
});

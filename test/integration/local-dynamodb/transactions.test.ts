/**
 * Transactions in the local DynamoDB (patches/dynalite+4.0.0.patch), through the AWS SDK as the
 * repository sends them: TransactWriteItems applies every action or none, as ONE LevelDB batch,
 * refuses with TransactionCanceledException and its reasons in request order, validates as
 * DynamoDB does, honours ClientRequestToken; TransactGetItems reads a consistent set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  IdempotentParameterMismatchException,
  PutItemCommand,
  QueryCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { startDynalite, type LocalService } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { createQueueTable } from './fixtures/tables.ts';

// dynalite's in-memory LevelDB, as dynalite itself resolves it: its writes are counted.
// Counted at its implementation's own write methods (_put, _del, _batch), where every write ends,
// whether it came through abstract-level's public methods or dynalite's direct path.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { MemoryLevel } = fromDynalite('memory-level') as {
  MemoryLevel: { prototype: Record<'_put' | '_del' | '_batch', (...a: unknown[]) => unknown> };
};
const writes: string[] = [];
const originals = { _put: MemoryLevel.prototype._put, _del: MemoryLevel.prototype._del, _batch: MemoryLevel.prototype._batch };

const TABLE = 'tx-accounts';
const OTHER = 'tx-journal';
let dynamo: LocalService;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  for (const op of ['_put', '_del', '_batch'] as const) {
    MemoryLevel.prototype[op] = function (this: unknown, ...args: unknown[]) {
      writes.push(op === '_batch' ? `batch of ${(args[0] as unknown[]).length}` : op.slice(1));
      return originals[op].apply(this, args);
    };
  }
  dynamo = await startDynalite();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
  doc = DynamoDBDocumentClient.from(client);
  for (const TableName of [TABLE, OTHER]) await createQueueTable(client, TableName);
});
afterAll(async () => {
  Object.assign(MemoryLevel.prototype, originals);
  await dynamo?.close();
});

let seq = 0;
let prefix = '';
beforeEach(() => {
  prefix = `t${++seq}-`;
});
const k = (id: string) => ({ pk: { S: prefix + id } });

async function get(id: string, TableName = TABLE) {
  return (await client.send(new GetItemCommand({ TableName, Key: k(id), ConsistentRead: true }))).Item;
}
async function put(id: string, attrs: Record<string, unknown> = {}, TableName = TABLE) {
  await client.send(new PutItemCommand({ TableName, Item: { ...k(id), ...(attrs as object) } }));
}
async function queue(name: string, TableName = TABLE) {
  const out = await client.send(
    new QueryCommand({
      TableName,
      IndexName: 'by-queue',
      KeyConditionExpression: '#q = :q',
      ExpressionAttributeNames: { '#q': 'queue' },
      ExpressionAttributeValues: { ':q': { S: prefix + name } },
    }),
  );
  return (out.Items ?? []).map((i) => i.pk?.S?.slice(prefix.length)).sort();
}
async function rejection(p: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, any>;
  }
  throw new Error('expected a rejection, got none');
}

describe('TransactWriteItems', () => {
  it('applies Put, Update, Delete and ConditionCheck together, across two tables, indexes included, in ONE LevelDB batch', async () => {
    await put('a', { n: { N: '5' }, queue: { S: `${prefix}todo` } });
    await put('gone', { queue: { S: `${prefix}todo` } });
    await put('guard', { open: { BOOL: true } }, OTHER);
    writes.length = 0;
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: { TableName: TABLE, Item: { ...k('b'), queue: { S: `${prefix}todo` } }, ConditionExpression: 'attribute_not_exists(pk)' },
          },
          {
            Update: {
              TableName: TABLE,
              Key: k('a'),
              UpdateExpression: 'SET #q = :done ADD n :one',
              ExpressionAttributeNames: { '#q': 'queue' },
              ExpressionAttributeValues: { ':done': { S: `${prefix}done` }, ':one': { N: '1' } },
            },
          },
          { Delete: { TableName: TABLE, Key: k('gone') } },
          {
            ConditionCheck: {
              TableName: OTHER,
              Key: k('guard'),
              ConditionExpression: '#o = :t',
              ExpressionAttributeNames: { '#o': 'open' },
              ExpressionAttributeValues: { ':t': { BOOL: true } },
            },
          },
        ],
      }),
    );
    // b: entry + item; a: old entry deleted, new entry, item; gone: entry + item deleted.
    expect(writes).toEqual(['batch of 7']);
    expect((await get('a'))?.n).toEqual({ N: '6' });
    expect(await get('gone')).toBeUndefined();
    expect(await queue('todo')).toEqual(['b']);
    expect(await queue('done')).toEqual(['a']);
  });

  it('refuses as a whole with TransactionCanceledException, its reasons in request order (ALL_OLD item included), writing nothing', async () => {
    await put('a', { n: { N: '1' }, queue: { S: `${prefix}todo` } });
    await put('taken', { owner: { S: 'someone' } });
    writes.length = 0;
    const err = await rejection(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Update: { TableName: TABLE, Key: k('a'), UpdateExpression: 'REMOVE #q', ExpressionAttributeNames: { '#q': 'queue' } } },
            {
              Put: {
                TableName: TABLE,
                Item: { ...k('taken') },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Put: { TableName: TABLE, Item: { ...k('free') }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { ConditionCheck: { TableName: TABLE, Key: k('missing'), ConditionExpression: 'attribute_exists(pk)' } },
          ],
        }),
      ),
    );
    expect(err).toBeInstanceOf(TransactionCanceledException);
    expect(err.name).toBe('TransactionCanceledException');
    expect(err.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None, ConditionalCheckFailed]',
    );
    expect(err.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { ...k('taken'), owner: { S: 'someone' } } },
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(writes).toEqual([]);
    expect(await get('a')).toEqual({ ...k('a'), n: { N: '1' }, queue: { S: `${prefix}todo` } });
    expect(await get('free')).toBeUndefined();
    expect(await queue('todo')).toEqual(['a']);
  });

  it('cancels with a ValidationError reason when an update cannot apply to the item as it is', async () => {
    await put('a');
    const err = await rejection(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: k('b') } },
            {
              Update: {
                TableName: TABLE,
                Key: k('a'),
                UpdateExpression: 'SET n = n + :one',
                ExpressionAttributeValues: { ':one': { N: '1' } },
              },
            },
          ],
        }),
      ),
    );
    expect(err).toBeInstanceOf(TransactionCanceledException);
    expect(err.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ValidationError', Message: 'The provided expression refers to an attribute that does not exist in the item' },
    ]);
    expect(await get('b')).toBeUndefined();
  });

  it('refuses a malformed request with a ValidationException naming the rule, as DynamoDB words it', async () => {
    const cases: [TransactWriteItem[], string | RegExp][] = [
      [
        [{ Put: { TableName: TABLE, Item: k('a') } }, { Delete: { TableName: TABLE, Key: k('a') } }],
        'Transaction request cannot include multiple operations on one item',
      ],
      [
        Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: TABLE, Item: k(`x${i}`) } })),
        /^1 validation error detected: Value '.*' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/,
      ],
      [
        Array.from({ length: 11 }, (_, i) => ({ Put: { TableName: TABLE, Item: { ...k(`big${i}`), blob: { S: 'x'.repeat(390_000) } } } })),
        'Collection size of items exceeded, which can also be caused by the aggregate size of the items in the transaction exceeding the 4MB limit',
      ],
      [
        [{ Put: { TableName: TABLE, Item: k('a') }, Delete: { TableName: TABLE, Key: k('b') } }],
        'TransactItems can only contain one of Check, Put, Update or Delete',
      ],
      [[{}], 'Invalid Request: TransactWriteRequest should contain Delete or Put or Update request'],
      [[{ Update: { TableName: TABLE, Key: k('a'), UpdateExpression: 'SET' } }], /^Invalid UpdateExpression: Syntax error/],
      [
        [{ Put: { TableName: TABLE, Item: { other: { S: 'x' } } } }],
        'One or more parameter values were invalid: Missing the key pk in the item',
      ],
      [
        [{ Update: { TableName: TABLE, Key: k('a') } as never }],
        "1 validation error detected: Value null at 'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null",
      ],
    ];
    for (const [TransactItems, message] of cases) {
      writes.length = 0;
      const err = await rejection(client.send(new TransactWriteItemsCommand({ TransactItems })));
      expect(err.name).toBe('ValidationException');
      expect(err.message).toMatch(message);
      expect(writes).toEqual([]);
    }
    const missing = await rejection(
      client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'no-such-table', Item: k('a') } }] })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('is idempotent by ClientRequestToken: a retry applies nothing twice; the token with another request is refused', async () => {
    const increment = (ClientRequestToken: string, by = '1') =>
      new TransactWriteItemsCommand({
        ClientRequestToken,
        TransactItems: [
          {
            Update: { TableName: TABLE, Key: k('counter'), UpdateExpression: 'ADD n :by', ExpressionAttributeValues: { ':by': { N: by } } },
          },
        ],
      });
    const token = `${prefix}token`;
    await client.send(increment(token));
    await client.send(increment(token));
    expect((await get('counter'))?.n).toEqual({ N: '1' });
    const err = await rejection(client.send(increment(token, '2')));
    expect(err).toBeInstanceOf(IdempotentParameterMismatchException);
    await client.send(increment(`${prefix}another`));
    expect((await get('counter'))?.n).toEqual({ N: '2' });
    // A refused transaction leaves its token free: the same request may succeed later.
    await put('gate', { open: { BOOL: false } });
    const gated = new TransactWriteItemsCommand({
      ClientRequestToken: `${prefix}gated`,
      TransactItems: [
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: k('gate'),
            ConditionExpression: '#o = :t',
            ExpressionAttributeNames: { '#o': 'open' },
            ExpressionAttributeValues: { ':t': { BOOL: true } },
          },
        },
        {
          Update: { TableName: TABLE, Key: k('counter'), UpdateExpression: 'ADD n :by', ExpressionAttributeValues: { ':by': { N: '10' } } },
        },
      ],
    });
    expect(await rejection(client.send(gated))).toBeInstanceOf(TransactionCanceledException);
    await put('gate', { open: { BOOL: true } });
    await client.send(gated);
    expect((await get('counter'))?.n).toEqual({ N: '12' });
  });

  it('counts 2 WRU per KB of each item written (transactional price)', async () => {
    const out = await client.send(
      new TransactWriteItemsCommand({
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          { Put: { TableName: TABLE, Item: { ...k('small') } } },
          { Put: { TableName: TABLE, Item: { ...k('3kb'), blob: { S: 'x'.repeat(2500) } } } },
          { Put: { TableName: OTHER, Item: { ...k('other') } } },
        ],
      }),
    );
    expect(out.ConsumedCapacity).toEqual([
      { TableName: TABLE, CapacityUnits: 2 + 6 },
      { TableName: OTHER, CapacityUnits: 2 },
    ]);
  });

  it('works through lib-dynamodb (TransactWriteCommand / TransactGetCommand)', async () => {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { pk: `${prefix}doc`, tags: ['a', 'b'], n: 3 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: OTHER, Item: { pk: `${prefix}doc`, ref: 1 } } },
        ],
      }),
    );
    const out = await doc.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: TABLE, Key: { pk: `${prefix}doc` }, ProjectionExpression: 'n, tags' } },
          { Get: { TableName: OTHER, Key: { pk: `${prefix}doc` } } },
          { Get: { TableName: OTHER, Key: { pk: `${prefix}none` } } },
        ],
      }),
    );
    expect(out.Responses).toEqual([{ Item: { n: 3, tags: ['a', 'b'] } }, { Item: { pk: `${prefix}doc`, ref: 1 } }, {}]);
    const err = await rejection(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: TABLE, Item: { pk: `${prefix}doc` }, ConditionExpression: 'attribute_not_exists(pk)' } }],
        }),
      ),
    );
    expect(err).toBeInstanceOf(TransactionCanceledException);
  });

  it('never deadlocks nor loses an update: 200 concurrent transfers over 5 accounts in all orders, with plain updates between them', async () => {
    const accounts = ['a', 'b', 'c', 'd', 'e'];
    for (const id of accounts) await put(id, { balance: { N: '100' } });
    const transfer = (from: string, to: string) =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: TABLE,
                Key: k(from),
                UpdateExpression: 'ADD balance :minus',
                ConditionExpression: 'balance >= :one',
                ExpressionAttributeValues: { ':minus': { N: '-1' }, ':one': { N: '1' } },
              },
            },
            {
              Update: {
                TableName: TABLE,
                Key: k(to),
                UpdateExpression: 'ADD balance :one',
                ExpressionAttributeValues: { ':one': { N: '1' } },
              },
            },
          ],
        }),
      );
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      const from = accounts[i % 5]!;
      const to = accounts[(i * 3 + 1) % 5]!;
      if (from !== to) work.push(transfer(from, to));
      work.push(
        client.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: k(accounts[i % 5]!),
            UpdateExpression: 'ADD touched :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          }),
        ),
      );
    }
    const results = await Promise.allSettled(work);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    let total = 0;
    let touched = 0;
    for (const id of accounts) {
      const item = await get(id);
      total += Number(item?.balance?.N);
      touched += Number(item?.touched?.N);
    }
    expect(total).toBe(500);
    expect(touched).toBe(200);
  });
});

describe('TransactGetItems', () => {
  it('reads items in request order ({} for a missing one), refuses two reads of one item', async () => {
    await put('a', { n: { N: '1' } });
    await put('b', { n: { N: '2' } }, OTHER);
    const out = await client.send(
      new TransactGetItemsCommand({
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          { Get: { TableName: OTHER, Key: k('b') } },
          { Get: { TableName: TABLE, Key: k('none') } },
          { Get: { TableName: TABLE, Key: k('a') } },
        ],
      }),
    );
    expect(out.Responses).toEqual([{ Item: { ...k('b'), n: { N: '2' } } }, {}, { Item: { ...k('a'), n: { N: '1' } } }]);
    expect(out.ConsumedCapacity).toEqual([
      { TableName: OTHER, CapacityUnits: 2 },
      { TableName: TABLE, CapacityUnits: 4 },
    ]);
    const err = await rejection(
      client.send(
        new TransactGetItemsCommand({
          TransactItems: [{ Get: { TableName: TABLE, Key: k('a') } }, { Get: { TableName: TABLE, Key: k('a') } }],
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Transaction request cannot include multiple operations on one item');
  });

  it('never sees half a transaction (on disk, where LevelDB reads and writes run on other threads)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tx-get-'));
    const onDisk = await startDynalite({ path: dir });
    const client = new DynamoDBClient({ endpoint: onDisk.endpoint, region, credentials: localCredentials });
    onTestFinished(async () => {
      await onDisk.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await createQueueTable(client, TABLE);
    const bump = (i: number) =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: ['x', 'y'].map((id) => ({
            Update: { TableName: TABLE, Key: k(id), UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: String(i) } } },
          })),
        }),
      );
    const read = async () => {
      const out = await client.send(
        new TransactGetItemsCommand({ TransactItems: ['x', 'y'].map((id) => ({ Get: { TableName: TABLE, Key: k(id) } })) }),
      );
      return out.Responses?.map((r) => r.Item?.v?.N);
    };
    await bump(0);
    const reads: Promise<(string | undefined)[] | undefined>[] = [];
    const bumps: Promise<unknown>[] = [];
    for (let i = 1; i <= 200; i++) {
      bumps.push(bump(i));
      reads.push(read());
    }
    await Promise.all(bumps);
    for (const pair of await Promise.all(reads)) expect(pair?.[0]).toBe(pair?.[1]);
  });
});

describe('single-item writes', () => {
  it('give the item back on a failed condition with ReturnValuesOnConditionCheckFailure=ALL_OLD', async () => {
    await put('a', { n: { N: '7' } });
    const err = await rejection(
      client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: k('a'),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect(err.Item).toEqual({ ...k('a'), n: { N: '7' } });
    const without = await rejection(
      client.send(new PutItemCommand({ TableName: TABLE, Item: k('a'), ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    expect(without.Item).toBeUndefined();
  });
});

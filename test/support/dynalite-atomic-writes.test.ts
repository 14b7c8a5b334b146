/**
 * The local DynamoDB must not half-apply a write when its process is killed: an item and its
 * index entries go to LevelDB in one batch (patches/dynalite+4.0.0.patch). Counted here on
 * LevelDB itself, under a dynalite started for this test: each PutItem, UpdateItem and
 * DeleteItem of an indexed item is exactly one LevelDB batch, and no separate put or del.
 */
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDynalitePatched, startDynalite, type LocalService } from '#infra/local/services.ts';
import { localCredentials, region } from './aws.ts';
import { createQueueTable } from '#test/integration/local-dynamodb/fixtures/tables.ts';

// dynalite's in-memory LevelDB, as dynalite itself resolves it.
// Counted at its implementation's own write methods (_put, _del, _batch), where every write ends,
// whether it came through abstract-level's public methods or dynalite's direct path.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { MemoryLevel } = fromDynalite('memory-level') as {
  MemoryLevel: { prototype: Record<'_put' | '_del' | '_batch', (...a: unknown[]) => unknown> };
};

const writes: string[] = [];
const originals = { _put: MemoryLevel.prototype._put, _del: MemoryLevel.prototype._del, _batch: MemoryLevel.prototype._batch };
let dynamo: LocalService;
let client: DynamoDBClient;

beforeAll(async () => {
  for (const op of ['_put', '_del', '_batch'] as const) {
    MemoryLevel.prototype[op] = function (this: unknown, ...args: unknown[]) {
      writes.push(op === '_batch' ? `batch of ${(args[0] as unknown[]).length}` : op.slice(1));
      return originals[op].apply(this, args);
    };
  }
  dynamo = await startDynalite();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
  // Waited for ACTIVE: dynalite's own write of the table's status must not land among the counted ones.
  await createQueueTable(client, 'atomic');
  await client.send(
    new CreateTableCommand({
      TableName: 'narrow',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'queue', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-queue',
          KeySchema: [{ AttributeName: 'queue', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['shown'] },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  while ((await client.send(new DescribeTableCommand({ TableName: 'narrow' }))).Table?.TableStatus !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});
afterAll(async () => {
  Object.assign(MemoryLevel.prototype, originals);
  await dynamo?.close();
});

describe('dynalite (as patched) writes an item and its index entries as one', () => {
  it('is patched', () => {
    expect(() => assertDynalitePatched()).not.toThrow();
  });

  it('puts, updates and deletes an indexed item with one LevelDB batch each', async () => {
    writes.length = 0;
    await client.send(new PutItemCommand({ TableName: 'atomic', Item: { pk: { S: 'a' }, queue: { S: 'pending' } } }));
    await client.send(
      new UpdateItemCommand({
        TableName: 'atomic',
        Key: { pk: { S: 'a' } },
        UpdateExpression: 'SET queue = :q',
        ExpressionAttributeValues: { ':q': { S: 'sent' } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: 'atomic', Key: { pk: { S: 'a' } } }));
    // put: index entry + item; update: old entry deleted, new entry, item; delete: entry + item.
    expect(writes).toEqual(['batch of 2', 'batch of 3', 'batch of 2']);
  });

  it('leaves an index entry whose key and attributes a write does not change, as DynamoDB does', async () => {
    const set = (TableName: string, expression: string, values: Record<string, { S: string }>) =>
      client.send(
        new UpdateItemCommand({ TableName, Key: { pk: { S: 'b' } }, UpdateExpression: expression, ExpressionAttributeValues: values }),
      );
    const entries = async () => {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: 'narrow',
          IndexName: 'by-queue',
          KeyConditionExpression: '#q = :q',
          ExpressionAttributeNames: { '#q': 'queue' },
          ExpressionAttributeValues: { ':q': { S: 'pending' } },
        }),
      );
      return Items;
    };
    await client.send(
      new PutItemCommand({ TableName: 'narrow', Item: { pk: { S: 'b' }, queue: { S: 'pending' }, shown: { S: '1' }, unseen: { S: '1' } } }),
    );
    writes.length = 0;
    await set('narrow', 'SET unseen = :h', { ':h': { S: '2' } }); // not projected: the item alone
    await set('narrow', 'SET shown = :s', { ':s': { S: '2' } }); // projected: the entry too
    await set('narrow', 'SET queue = :q', { ':q': { S: 'pending' } }); // the same key and attributes
    expect(writes).toEqual(['batch of 1', 'batch of 2', 'batch of 1']);
    expect(await entries()).toEqual([{ pk: { S: 'b' }, queue: { S: 'pending' }, shown: { S: '2' } }]);

    // An index of every attribute (ALL): any change of the item rewrites its entry.
    await client.send(new PutItemCommand({ TableName: 'atomic', Item: { pk: { S: 'b' }, queue: { S: 'pending' }, note: { S: '1' } } }));
    writes.length = 0;
    await set('atomic', 'SET note = :o', { ':o': { S: '1' } });
    await set('atomic', 'SET note = :o', { ':o': { S: '2' } });
    expect(writes).toEqual(['batch of 1', 'batch of 2']);
  });
});

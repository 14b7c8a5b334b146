/**
 * The local DynamoDB must not half-apply a write when its process is killed: an item and its
 * index entries go to LevelDB in one batch (patches/dynalite+4.0.0.patch). Counted here on
 * LevelDB itself, under a dynalite started for this test: each PutItem, UpdateItem and
 * DeleteItem of an indexed item is exactly one LevelDB batch, and no separate put or del.
 */
import { createRequire } from 'node:module';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDynalitePatched, startDynalite, type LocalService } from '#infra/local/services.ts';
import { localCredentials, region } from './aws.ts';
import { createQueueTable } from '#test/integration/local-dynamodb/fixtures/tables.ts';

// dynalite's in-memory LevelDB, as dynalite itself resolves it.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { MemoryLevel } = fromDynalite('memory-level') as {
  MemoryLevel: { prototype: Record<'put' | 'del' | 'batch', (...a: unknown[]) => unknown> };
};

const writes: string[] = [];
const originals = { put: MemoryLevel.prototype.put, del: MemoryLevel.prototype.del, batch: MemoryLevel.prototype.batch };
let dynamo: LocalService;
let client: DynamoDBClient;

beforeAll(async () => {
  for (const op of ['put', 'del', 'batch'] as const) {
    MemoryLevel.prototype[op] = function (this: unknown, ...args: unknown[]) {
      writes.push(op === 'batch' ? `batch of ${(args[0] as unknown[]).length}` : op);
      return originals[op].apply(this, args);
    };
  }
  dynamo = await startDynalite();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
  // Waited for ACTIVE: dynalite's own write of the table's status must not land among the counted ones.
  await createQueueTable(client, 'atomic');
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
});

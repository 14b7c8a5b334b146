/**
 * Index entries of the local DynamoDB (patches/dynalite+4.0.0.patch): one per item, whatever the
 * items' table keys. dynalite as published keyed an index entry by the index key and a 24-bit hash
 * of the table key, so two items with the same index key whose hashes collided shared one entry and
 * one of them was missing from the index (the transactions kill test failed on that now and then:
 * 800 journal items under one index key). A store written with those keys is rewritten when opened.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { createQueueTable } from './fixtures/tables.ts';

const TABLE = 'index-keys';
// Two table keys whose hashes, as dynalite computed them for an index entry, are the same (25fc0e).
const COLLIDING = ['journal#2172', 'journal#8368'];
const legacyHash = (pk: string) => createHash('md5').update('Outliers').update(pk, 'utf8').digest('hex').slice(0, 6);

const workDir = mkdtempSync(join(tmpdir(), 'index-keys-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const clientOf = (dynamo: LocalDynamo) => new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });

async function indexed(client: DynamoDBClient, queue: string): Promise<string[]> {
  const { Items } = await client.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: 'by-queue',
      KeyConditionExpression: '#q = :q',
      ExpressionAttributeNames: { '#q': 'queue' },
      ExpressionAttributeValues: { ':q': { S: queue } },
    }),
  );
  return (Items ?? []).map((i) => i.pk?.S ?? '').sort();
}

const put = (client: DynamoDBClient, pk: string, queue: string) =>
  client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk }, queue: { S: queue } } }));

it('indexes two items with the same index key whose table key hashes collide', async () => {
  expect(legacyHash(COLLIDING[0]!)).toBe(legacyHash(COLLIDING[1]!));
  const dynamo = await startDynalite();
  try {
    const client = clientOf(dynamo);
    await createQueueTable(client, TABLE);
    for (const pk of COLLIDING) await put(client, pk, 'journal');
    expect(await indexed(client, 'journal')).toEqual(COLLIDING);

    // Moving one to another index key, then deleting it, leaves the other's entry alone.
    await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { pk: { S: COLLIDING[0]! } },
        UpdateExpression: 'SET #q = :q',
        ExpressionAttributeNames: { '#q': 'queue' },
        ExpressionAttributeValues: { ':q': { S: 'done' } },
      }),
    );
    expect(await indexed(client, 'journal')).toEqual([COLLIDING[1]]);
    expect(await indexed(client, 'done')).toEqual([COLLIDING[0]]);
    await client.send(new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: COLLIDING[0]! } } }));
    expect(await indexed(client, 'done')).toEqual([]);
    expect(await indexed(client, 'journal')).toEqual([COLLIDING[1]]);
  } finally {
    await dynamo.close();
  }
});

it('rewrites, when it opens a store, the index entries written with the hashed keys', async () => {
  const path = join(workDir, 'legacy');
  const first = await startDynalite({ path });
  const pks = Array.from({ length: 20 }, (_, i) => `task#${i}`);
  try {
    const client = clientOf(first);
    await createQueueTable(client, TABLE);
    for (const pk of pks) await put(client, pk, 'inbox');
    // The store as dynalite without the fix left it: each entry keyed by the hash alone, no marker.
    const db = (first.store as { db: LevelLike }).db;
    const prefix = `index-global~${TABLE}~by-queue~`;
    const entries = await db.iterator({ gte: prefix, lt: `${prefix}\xff` }).all();
    expect(entries).toHaveLength(pks.length);
    await db.batch([
      ...entries.map(([key]) => ({ type: 'del' as const, key })),
      // The new key ends with '/' and the table key (one hex segment here): the old one, before it.
      ...entries.map(([key, value]) => ({ type: 'put' as const, key: key.replace(/\/[0-9a-f]+\/$/, ''), value })),
      { type: 'del' as const, key: 'meta~index-keys' },
    ]);
    const legacy = await db.keys({ gte: prefix, lt: `${prefix}\xff` }).all();
    expect(legacy.every((key) => /[0-9a-f]{6}$/.test(key))).toBe(true);
  } finally {
    await first.close();
  }

  const second = await startDynalite({ path });
  try {
    const client = clientOf(second);
    expect(await indexed(client, 'inbox')).toEqual([...pks].sort());
    // A write finds the item's entry where it now looks: moving the item leaves no entry behind.
    await put(client, pks[0]!, 'done');
    expect(await indexed(client, 'inbox')).toEqual(pks.slice(1).sort());
    expect(await indexed(client, 'done')).toEqual([pks[0]]);
  } finally {
    await second.close();
  }
});

interface LevelLike {
  iterator(range: object): { all(): Promise<[string, unknown][]> };
  keys(range: object): { all(): Promise<string[]> };
  batch(ops: ({ type: 'put'; key: string; value: unknown } | { type: 'del'; key: string })[]): Promise<void>;
}

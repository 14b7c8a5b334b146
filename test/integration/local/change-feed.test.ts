/**
 * The local table's change feed (infra/local/events/change-feed.ts): every item change written by
 * the local DynamoDB, as a DynamoDB Streams record (NEW_IMAGE) once written — INSERT, MODIFY,
 * REMOVE, transactions and TTL deletions included, a refused write not at all — in order; and the
 * local event source mapping (infra/local/events/event-source.ts): the filter, the batches, the
 * retry from the first failed record.
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchChanges } from '#infra/local/events/change-feed.ts';
import { mapStream, matches } from '#infra/local/events/event-source.ts';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';
import { TRANSITION_PATTERN } from '#functions/events/transitions.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { createQueueTable } from '../local-dynamodb/fixtures/tables.ts';

let dynamo: LocalDynamo;
let client: DynamoDBClient;
const records: { table: string; record: DynamoDBRecord }[] = [];
const TableName = 'feed';

beforeAll(async () => {
  dynamo = await startDynalite();
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
  await createQueueTable(client, TableName);
  watchChanges(dynamo.store, (table, record) => records.push({ table, record }));
});
afterAll(() => dynamo?.close());

const item = (pk: string, extra: Record<string, { S: string } | { N: string }> = {}) => ({ pk: { S: pk }, queue: { S: 'q' }, ...extra });

describe('the change feed', () => {
  it('gives each written change as a Streams record, in order, and nothing for a refused write', async () => {
    records.length = 0;
    await client.send(new PutItemCommand({ TableName, Item: item('a') }));
    await client.send(
      new UpdateItemCommand({
        TableName,
        Key: { pk: { S: 'a' } },
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': { N: '1' } },
      }),
    );
    await expect(
      client.send(new PutItemCommand({ TableName, Item: item('a'), ConditionExpression: 'attribute_not_exists(pk)' })),
    ).rejects.toThrow();
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName, Item: item('b') } }, { Put: { TableName, Item: item('c') } }],
      }),
    );
    await client.send(new DeleteItemCommand({ TableName, Key: { pk: { S: 'b' } } }));

    expect(records.map(({ table, record }) => [table, record.eventName, record.dynamodb?.Keys?.pk?.S])).toEqual([
      [TableName, 'INSERT', 'a'],
      [TableName, 'MODIFY', 'a'],
      [TableName, 'INSERT', 'b'],
      [TableName, 'INSERT', 'c'],
      [TableName, 'REMOVE', 'b'],
    ]);
    expect(records[1]!.record.dynamodb).toMatchObject({ NewImage: { ...item('a'), n: { N: '1' } }, StreamViewType: 'NEW_IMAGE' });
    expect(records[4]!.record.dynamodb?.NewImage).toBeUndefined();
    const sequence = records.map((r) => r.record.dynamodb!.SequenceNumber!);
    expect([...sequence].sort()).toEqual(sequence);
    expect(new Set(sequence).size).toBe(sequence.length);
  });

  it('gives TTL deletions as removals', async () => {
    await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }));
    await client.send(new PutItemCommand({ TableName, Item: item('expiring', { ttl: { N: '1000' } }) }));
    records.length = 0;
    await dynamo.expire(new Date(2_000_000));
    expect(records.map(({ record }) => [record.eventName, record.dynamodb?.Keys?.pk?.S])).toEqual([['REMOVE', 'expiring']]);
  });
});

describe('the local event source mapping', () => {
  const timeline = (seq: number): DynamoDBRecord => ({
    eventName: 'INSERT',
    dynamodb: { SequenceNumber: String(seq).padStart(3, '0'), Keys: { PK: { S: 'DOSSIER#d' }, SK: { S: `EVENT#${seq}` } } },
  });

  it('keeps what the publisher’s filter keeps: inserts of timeline items', () => {
    expect(matches(TRANSITION_PATTERN, timeline(1))).toBe(true);
    expect(matches(TRANSITION_PATTERN, { ...timeline(1), eventName: 'MODIFY' })).toBe(false);
    expect(matches(TRANSITION_PATTERN, { eventName: 'INSERT', dynamodb: { Keys: { SK: { S: 'DOSSIER' } } } })).toBe(false);
  });

  it('delivers in batches, in order, and retries from the first failed record', async () => {
    const seen: string[][] = [];
    let failOnce = true;
    const mapping = mapStream({
      filter: TRANSITION_PATTERN,
      batchSize: 3,
      handler: async (event: DynamoDBStreamEvent) => {
        const seqs = event.Records.map((r) => r.dynamodb!.SequenceNumber!);
        seen.push(seqs);
        if (failOnce && seqs.includes('005')) {
          failOnce = false;
          return { batchItemFailures: seqs.slice(seqs.indexOf('005')).map((itemIdentifier) => ({ itemIdentifier })) };
        }
        return { batchItemFailures: [] };
      },
    });
    for (let seq = 1; seq <= 7; seq++) mapping.push(timeline(seq));
    await mapping.idle();
    expect(seen).toEqual([
      ['001', '002', '003'],
      ['004', '005', '006'],
      ['005', '006', '007'],
    ]);
  });

  it('gathers a batch while its window lasts, and sends a full batch without waiting for the window', async () => {
    const seen: string[][] = [];
    let openWindow = () => {};
    const windows: Promise<void>[] = [];
    const mapping = mapStream({
      filter: TRANSITION_PATTERN,
      batchSize: 3,
      // A window that lasts until the test ends it.
      waitForBatch: () => {
        const window = new Promise<void>((resolve) => {
          openWindow = resolve;
        });
        windows.push(window);
        return window;
      },
      handler: async (event: DynamoDBStreamEvent) => {
        seen.push(event.Records.map((r) => r.dynamodb!.SequenceNumber!));
        return { batchItemFailures: [] };
      },
    });
    mapping.push(timeline(1));
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    mapping.push(timeline(2));
    await new Promise(setImmediate);
    expect(seen).toEqual([]); // the window is open: 2 records wait
    mapping.push(timeline(3)); // a full batch: it goes
    await new Promise(setImmediate);
    expect(seen).toEqual([['001', '002', '003']]);
    mapping.push(timeline(4));
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    expect(seen).toHaveLength(1); // the next window is open
    openWindow();
    await mapping.idle();
    expect(seen).toEqual([['001', '002', '003'], ['004']]);
    expect(windows).toHaveLength(2);
  });
});

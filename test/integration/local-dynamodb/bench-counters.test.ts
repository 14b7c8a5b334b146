/**
 * The benchmark's DynamoDB counters (bench/counters.ts) count what the cost model prices: index
 * writes included (the dynalite patch writes them with their item, in one batch), transactions at
 * twice the standard price, refused writes, and nothing for deletions by TTL.
 */
import {
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dynamoCounters, installDynamoCounters, resetDynamoCounters } from '../../../bench/counters.ts';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { createQueueTable } from './fixtures/tables.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  installDynamoCounters();
  dynamo = await startDynalite();
});
afterAll(() => dynamo?.close());

it('counts table and index writes, transactions and refusals as DynamoDB bills them', async () => {
  // An outside client over HTTP: the counters are the engine's, whoever asks.
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
  await createQueueTable(client, 'counted');
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: 'counted', TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }),
  );
  resetDynamoCounters();
  const small = (pk: string, queue: string) => ({ pk: { S: pk }, queue: { S: queue }, ttl: { N: '1000' } });
  // Item + index entry: 1 WRU each.
  await client.send(new PutItemCommand({ TableName: 'counted', Item: small('a', 'q1') }));
  // Moved to another queue: item 1, index delete 1 + put 1.
  await client.send(
    new UpdateItemCommand({
      TableName: 'counted',
      Key: { pk: { S: 'a' } },
      UpdateExpression: 'SET #q = :q',
      ExpressionAttributeNames: { '#q': 'queue' },
      ExpressionAttributeValues: { ':q': { S: 'q2' } },
    }),
  );
  // A transaction of two small items in the index: 2 × 2 WRU for the items, 2 index puts.
  await client.send(
    new TransactWriteItemsCommand({
      TransactItems: [{ Put: { TableName: 'counted', Item: small('b', 'q1') } }, { Put: { TableName: 'counted', Item: small('c', 'q1') } }],
    }),
  );
  // Refused: 1 WRU, nothing written.
  await client
    .send(new PutItemCommand({ TableName: 'counted', Item: small('a', 'q1'), ConditionExpression: 'attribute_not_exists(pk)' }))
    .catch(() => {});
  // TTL deletes three items and their index entries: free.
  expect(await dynamo.expire(new Date(2_000_000))).toBe(3);

  const c = dynamoCounters().counted!;
  expect(c.requests).toEqual({ putItem: 2, updateItem: 1, transactWriteItems: 1 });
  expect(c.wru).toBe(1 + 1 + 4 + 1);
  expect(c.indexWru).toBe(1 + 2 + 2);
  expect(c.conditionalFailures).toBe(1);
});

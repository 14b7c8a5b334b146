/**
 * The platform runs DynamoDB's TTL on its own clock: an item of the project table whose `ttl`
 * (TABLE_DESIGN.timeToLiveAttribute, which the stores set on what has a retention period:
 * data/retention.json) has passed is deleted by storage as time travel passes it, not hidden by
 * the reader; the day before, it is still there. Written and read here as an outside client does,
 * through the platform's DynamoDB port.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_DESIGN } from '#adapters/dynamodb/table-design.ts';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { morningOf } from '#test/support/workflow-harness.ts';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ startAt: morningOf('2026-03-02'), tickMs: 3_600_000 });
}, 60_000);
afterAll(() => platform?.stop());

it('deletes an item once the platform clock passes its TTL', async () => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: platform.dynamo, region, credentials: localCredentials }));
  const TableName = platform.workflows.tableName;
  const Key = { PK: 'TTL-PROBE', SK: 'TTL-PROBE' };
  const expiresAt = Math.floor(platform.clock.now().getTime() / 1000) + 30 * 86_400;
  await doc.send(new PutCommand({ TableName, Item: { ...Key, [TABLE_DESIGN.timeToLiveAttribute]: expiresAt } }));
  const stored = async () => (await doc.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;

  await platform.travel(new Date((expiresAt - 86_400) * 1000));
  expect(await stored()).toBeDefined();
  await platform.travel(new Date((expiresAt + 86_400) * 1000));
  expect(await stored()).toBeUndefined();
}, 120_000);

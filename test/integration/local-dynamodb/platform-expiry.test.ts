/**
 * The platform runs DynamoDB's TTL on its own clock: a record the repository stores with a
 * retention period (an idempotency record: data/retention.json) is still there the day before it
 * expires and gone once time travel passes its TTL — deleted by storage, not hidden by the reader.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#adapters/dynamodb/keys.ts';
import { RETENTION } from '#domain/retention.ts';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { morningOf } from '#test/support/workflow-harness.ts';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ startAt: morningOf('2026-03-02'), tickMs: 3_600_000 });
}, 60_000);
afterAll(() => platform?.stop());

it('deletes an idempotency record once the platform clock passes its TTL', async () => {
  const retentionDays = RETENTION.idempotencyRecord;
  if (retentionDays === undefined) throw new Error('idempotency records have a retention period (data/retention.json)');
  const { record } = await platform.workflows.repo.putIdempotencyRecord('ttl-probe', 'k1', 'f', { ok: true });
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: platform.dynamo, region, credentials: localCredentials }));
  const stored = async () =>
    (await doc.send(new GetCommand({ TableName: 'inclusion-aap', Key: keys.idempotency('ttl-probe', 'k1') }))).Item;
  expect((await stored())?.ttl).toBe(record.ttl);

  await platform.travel(new Date(platform.clock.now().getTime() + (retentionDays - 1) * 86_400_000));
  expect(await stored()).toBeDefined();
  await platform.travel(new Date(((record.ttl ?? 0) + 86_400) * 1000));
  expect(await stored()).toBeUndefined();
}, 120_000);

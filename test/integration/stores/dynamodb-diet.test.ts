/**
 * The DynamoDB adapters' request diet and item layout, counted on dynalite through the AWS SDK:
 * how many round trips a decision, an inbox and a filing make before they answer; what the
 * indexes carry (never the workflow state, a task token in the inbox, an email's content in the
 * work queue); the submission apart from the item that changes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { INDEX } from '#adapters/dynamodb/table-design.ts';
import { RETENTION } from '#domain/retention.ts';
import type { EngineDeps, WorkflowEngine } from '#domain/workflow/deps.ts';
import { apiClient } from '#test/support/api-client.ts';
import { dynamoClient, localCredentials, region } from '#test/support/aws.ts';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
/** The API's dependencies on their own client: every DynamoDB command and Step Functions call they make, in order. */
let counted: EngineDeps;
const calls: string[] = [];

beforeAll(async () => {
  h = await startHarness('2026-03-02');
  const client = new DynamoDB({
    endpoint: inject('dynamoEndpoint'),
    region,
    credentials: localCredentials,
    fetch: (url, init) => {
      calls.push(`dynamodb:${new Headers(init?.headers).get('x-amz-target')?.split('.')[1]}`);
      return fetch(url, init);
    },
  });
  const engine = h.platform.deps.engine;
  const countingEngine: WorkflowEngine = {
    startExecution: (...a) => {
      calls.push('sfn:StartExecution');
      return engine.startExecution(...a);
    },
    sendTaskSuccess: (...a) => {
      calls.push('sfn:SendTaskSuccess');
      return engine.sendTaskSuccess(...a);
    },
    executionsOf: (...a) => engine.executionsOf(...a),
  };
  counted = {
    ...h.platform.deps,
    ...dynamoStores({ client, tableName: h.platform.tableName, clock: h.clock, retention: RETENTION }),
    engine: countingEngine,
  };
});
afterAll(async () => {
  await h?.close();
});

const territory = validSubmissionFixture().territories[0]!;
const INSTRUCTEUR = { role: 'service-instructeur', id: 'alice', territory };

describe('request diet', () => {
  it('a filing answers after three round trips: what it may collide with (one read), its commit, the start of its workflow', async () => {
    const api = apiClient(counted);
    calls.length = 0;
    const res = await api('POST', '/dossiers', {
      as: { porteur: 'p-diet' },
      body: { ...validSubmissionFixture(), participantsPlanned: 91 },
      headers: { 'Idempotency-Key': 'diet-key-0001' },
    });
    expect(res.status).toBe(201);
    expect(calls).toEqual(['dynamodb:BatchGetItem', 'dynamodb:TransactWriteItems', 'sfn:StartExecution']);
    await h.settle();
  });

  it('a decision answers after three round trips: the task with its dossier (one read), its commit, the hand-over to the execution', async () => {
    const d = await h.submit({ mutate: (s) => (s.participantsPlanned = 92) });
    const task = await h.openTask(d.id, 'completeness-check');
    const api = apiClient(counted);
    calls.length = 0;
    const res = await api('POST', `/taches/${task.id}/decision`, { as: INSTRUCTEUR, body: { decision: 'complete' } });
    expect(res.status).toBe(200);
    expect(calls).toEqual(['dynamodb:BatchGetItem', 'dynamodb:TransactWriteItems', 'sfn:SendTaskSuccess']);
    await h.settle();
    expect((await h.dossier(d.id)).status).toBe('chief-validation');
  });

  it('the inbox is one query; a task page one read', async () => {
    const d = await h.submit({ mutate: (s) => (s.participantsPlanned = 93) });
    const task = await h.openTask(d.id, 'completeness-check');
    const api = apiClient(counted);
    calls.length = 0;
    expect((await api('GET', '/taches', { as: INSTRUCTEUR })).status).toBe(200);
    expect(calls).toEqual(['dynamodb:Query']);
    calls.length = 0;
    expect((await api('GET', `/taches/${task.id}`, { as: INSTRUCTEUR })).status).toBe(200);
    expect(calls).toEqual(['dynamodb:BatchGetItem']);
  });
});

describe('item layout', () => {
  it('keeps the submission apart from the dossier item; the listings, the inbox and the work queue carry only what they show', async () => {
    const d = await h.submit({ mutate: (s) => (s.participantsPlanned = 94) });
    const doc = DynamoDBDocumentClient.from(dynamoClient());
    const TableName = h.platform.tableName;
    const { Items: partition = [] } = await doc.send(
      new QueryCommand({ TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `DOSSIER#${d.id}` } }),
    );
    const dossierItem = partition.find((i) => i.SK === 'DOSSIER')!;
    expect(dossierItem).not.toHaveProperty('submission');
    expect(dossierItem.profile).toMatchObject({ porteurName: expect.any(String), contactEmail: expect.any(String) });
    expect(partition.find((i) => i.SK === 'SUBMISSION')?.submission).toMatchObject({ participantsPlanned: 94 });
    // The dossier item changes at every step; its state is about a third of what it was with the submission inside.
    expect(JSON.stringify(dossierItem).length).toBeLessThan(JSON.stringify(partition.find((i) => i.SK === 'SUBMISSION')).length);

    const index = async (IndexName: string, pk: string, value: string) =>
      (
        await doc.send(
          new QueryCommand({ TableName, IndexName, KeyConditionExpression: `${pk} = :v`, ExpressionAttributeValues: { ':v': value } }),
        )
      ).Items ?? [];
    for (const item of [
      ...(await index(INDEX.porteur, 'GSI1PK', `PORTEUR#${d.porteurId}`)),
      ...(await index(INDEX.statusAndDispositif, 'GSI2PK', `STATUS#${d.status}`)),
    ]) {
      expect(item).not.toHaveProperty('workflow');
      expect(item).not.toHaveProperty('head');
      expect(item).toHaveProperty('profile');
    }
    const task = await h.openTask(d.id, 'completeness-check');
    const inbox = await index(INDEX.inbox, 'GSI3PK', `INBOX#${task.role}#${task.territory}`);
    expect(inbox.find((i) => i.id === task.id)).toBeDefined();
    for (const item of inbox) expect(item).not.toHaveProperty('taskToken');
    const pending = await index(INDEX.workQueues, 'GSI4PK', 'OUTBOX#PENDING');
    expect(pending.length).toBeGreaterThan(0);
    for (const item of pending) {
      expect(item).toHaveProperty('version');
      expect(item).not.toHaveProperty('body');
    }
    // An email's text and HTML are stored gzipped: a third of what they weigh rendered.
    const [email] = await h.emails(d.id);
    const { Item: stored } = await doc.send(new GetCommand({ TableName, Key: { PK: `EMAIL#${email!.idempotencyKey}`, SK: 'EMAIL' } }));
    expect(stored).not.toHaveProperty('html');
    expect((stored!.body as Uint8Array).length * 2).toBeLessThan(email!.text.length + email!.html.length);
  });

  it('a refused commit leaves no item behind (the whole table compared)', async () => {
    const d = await h.submit({ mutate: (s) => (s.participantsPlanned = 95) });
    const task = await h.openTask(d.id, 'completeness-check');
    const doc = DynamoDBDocumentClient.from(dynamoClient());
    const scan = async () =>
      JSON.stringify((await doc.send(new ScanCommand({ TableName: h.platform.tableName, ConsistentRead: true }))).Items);
    await h.act(d.id, 'completeness-check', 'complete', undefined, 'alice');
    await h.settle();
    const before = await scan();
    const api = apiClient(counted);
    const res = await api('POST', `/taches/${task.id}/decision`, {
      as: { ...INSTRUCTEUR, id: 'bob' },
      body: { decision: 'ask-complements', details: { complements: ['Statuts'] } },
    });
    expect(res.status).toBe(409);
    expect(await scan()).toBe(before);
  });
});

/**
 * The document methods of the platform's in-process DynamoDB client hand their request to the
 * engine as they built it, with no JSON in between (adapters/aws/client.ts, AwsCall.input): the
 * answers are the same client's over HTTP, and what the caller passed (its items, names and values)
 * is left as it was, though the engine changes the request it is given.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';

let dynamo: LocalDynamo;
let http: DynamoDB;
let inProcess: DynamoDB;
beforeAll(async () => {
  dynamo = await startDynalite();
  http = new DynamoDB({ endpoint: dynamo.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
  inProcess = dynamo.client();
});
afterAll(async () => {
  await dynamo?.close();
});

/** The same document calls on a table of their own; every input checked unchanged after its call. */
async function play(client: DynamoDB, TableName: string): Promise<unknown[]> {
  await client.call('CreateTable', {
    TableName,
    AttributeDefinitions: [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  });
  while ((await client.call<{ Table: { TableStatus: string } }>('DescribeTable', { TableName })).Table.TableStatus !== 'ACTIVE')
    await new Promise((resolve) => setTimeout(resolve, 10));
  const answers: unknown[] = [];
  const unchanged = async (input: Record<string, unknown>, run: (input: Record<string, unknown>) => Promise<unknown>) => {
    const before = structuredClone(input);
    answers.push(await run(input).catch((e: Error & { Item?: unknown }) => ({ error: e.name, item: e.Item })));
    expect(input).toEqual(before);
  };
  const names = { '#n': 'n', '#tags': 'tags' };
  const item = { PK: 'd', SK: 'a', n: 1, tags: ['x', { deep: [1, null] }], body: new Uint8Array([1, 2, 3]), map: { k: 'v' } };
  await unchanged({ TableName, Item: item }, (i) => client.put(i));
  await unchanged({ TableName, Item: { ...item, SK: 'b' }, ConditionExpression: 'attribute_not_exists(PK)' }, (i) => client.put(i));
  const update = {
    TableName,
    Key: { PK: 'd', SK: 'a' },
    UpdateExpression: 'SET #n = #n + :one, #tags = list_append(#tags, :more)',
    ConditionExpression: '#n = :one',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ':one': 1, ':more': [{ added: true }] },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
  await unchanged(update, (i) => client.update(i));
  // Refused now (n is 2): the item as it was comes with the error.
  await unchanged(update, (i) => client.update(i));
  await unchanged({ TableName, Key: { PK: 'd', SK: 'a' }, ConsistentRead: true }, (i) => client.get(i));
  await unchanged({ TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'd' }, ConsistentRead: true }, (i) =>
    client.query(i),
  );
  const parts = [
    { Put: { TableName, Item: { PK: 'd', SK: 'c', body: new Uint8Array([9]) }, ConditionExpression: 'attribute_not_exists(PK)' } },
    {
      Update: {
        TableName,
        Key: { PK: 'd', SK: 'b' },
        UpdateExpression: 'SET #n = :v',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':v': 5 },
      },
    },
  ];
  await unchanged({ parts }, (i) => client.transactWrite(i.parts as Record<string, unknown>[]));
  await unchanged(
    {
      keys: [
        { PK: 'd', SK: 'a' },
        { PK: 'd', SK: 'c' },
      ],
    },
    (i) =>
      client
        .batchGet(TableName, i.keys as Record<string, unknown>[], true)
        .then((out) => ({ ...out, items: out.items.sort((x, y) => String(x.SK).localeCompare(String(y.SK))) })),
  );
  return answers;
}

it('answers as over HTTP and leaves what the caller passed as it was', async () => {
  const [overHttp, inProc] = [await play(http, 'documents-http'), await play(inProcess, 'documents-in-process')];
  expect(inProc).toEqual(overHttp);
  expect(inProc).toHaveLength(8);
  expect(inProc[3]).toMatchObject({ error: 'ConditionalCheckFailedException' });
});

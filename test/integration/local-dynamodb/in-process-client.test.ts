/**
 * The in-process DynamoDB client (infra/local/dynamodb/in-process.ts) answers as the SDK over
 * HTTP does: the same commands sent to the same dynalite through both clients give the same
 * outputs (binary attributes as Uint8Array, the control plane's dates as Date) and the same
 * errors (class, name, message, fields, fault, status) — the adapters' `instanceof` and `name`
 * checks hold. Its endpoint is a name that resolves nowhere: it never opens a socket.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBClient as HttpClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand as DocQueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';

let dynamo: LocalDynamo;
let http: DynamoDBClient;
let inProcess: DynamoDBClient;
beforeAll(async () => {
  dynamo = await startDynalite();
  http = new HttpClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
  inProcess = dynamo.client();
});
afterAll(() => dynamo?.close());

type Step = (table: string) => { send: (client: DynamoDBClient) => Promise<unknown> };
const step =
  (make: (table: string) => object): Step =>
  (table) => ({ send: (client) => client.send(make(table) as never) });

const bytes = (...b: number[]) => new Uint8Array(b);
const STEPS: Step[] = [
  step(
    (t) =>
      new CreateTableCommand({
        TableName: t,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'queue', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          { IndexName: 'by-queue', KeySchema: [{ AttributeName: 'queue', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
  ),
  step((t) => new DescribeTableCommand({ TableName: t })),
  step((t) => new UpdateTimeToLiveCommand({ TableName: t, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } })),
  step((t) => new DescribeTimeToLiveCommand({ TableName: t })),
  ...Array.from({ length: 12 }, (_, i) =>
    step(
      (t) =>
        new PutItemCommand({
          TableName: t,
          Item: {
            pk: { S: 'a' },
            sk: { N: String(i) },
            queue: { S: i % 2 ? 'odd' : 'even' },
            blob: { B: bytes(i, 255, 0) },
            blobs: { BS: [bytes(1), bytes(2, 3)] },
            doc: { M: { n: { N: '1.50' }, l: { L: [{ S: 'x' }, { NULL: true }, { BOOL: false }] }, tags: { SS: ['b', 'a'] } } },
          },
          ReturnValues: 'ALL_OLD',
          ReturnConsumedCapacity: 'TOTAL',
        }),
    ),
  ),
  step((t) => new PutItemCommand({ TableName: t, Item: { pk: { S: 'a' }, sk: { N: '0' } }, ReturnValues: 'ALL_OLD' })),
  step((t) => new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' }, sk: { N: '1' } }, ConsistentRead: true })),
  step((t) => new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' }, sk: { N: '99' } } })),
  step(
    (t) =>
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: { S: 'a' }, sk: { N: '2' } },
        UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one, blob = :b',
        ExpressionAttributeNames: { '#n': 'count' },
        ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' }, ':b': { B: bytes(9) } },
        ReturnValues: 'ALL_NEW',
      }),
  ),
  // Errors: a refused condition (with the item), a transaction cancelled, bad input, a missing table.
  step(
    (t) =>
      new PutItemCommand({
        TableName: t,
        Item: { pk: { S: 'a' }, sk: { N: '3' } },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
  ),
  step(
    (t) =>
      new DeleteItemCommand({
        TableName: t,
        Key: { pk: { S: 'a' }, sk: { N: '4' } },
        ConditionExpression: 'sk = :x',
        ExpressionAttributeValues: { ':x': { N: '5' } },
      }),
  ),
  step(
    (t) =>
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: t, Item: { pk: { S: 'b' }, sk: { N: '1' } } } },
          {
            ConditionCheck: {
              TableName: t,
              Key: { pk: { S: 'a' }, sk: { N: '5' } },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
  ),
  step((t) => new UpdateItemCommand({ TableName: t, Key: { pk: { S: 'a' }, sk: { N: '1' } }, UpdateExpression: 'SET' })),
  step((t) => new GetItemCommand({ TableName: t, Key: { pk: { S: 'a' } } })),
  step(() => new GetItemCommand({ TableName: 'no-such-table', Key: { pk: { S: 'a' } } })),
  step(
    (t) =>
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: t,
              Key: { pk: { S: 'a' }, sk: { N: '6' } },
              UpdateExpression: 'ADD sk :one',
              ExpressionAttributeValues: { ':one': { N: '1' } },
            },
          },
        ],
      }),
  ),
  // Reads of several items.
  step(
    (t) =>
      new QueryCommand({
        TableName: t,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': { S: 'a' }, ':lo': { N: '2' }, ':hi': { N: '8' } },
        ScanIndexForward: false,
        Limit: 3,
        ReturnConsumedCapacity: 'INDEXES',
      }),
  ),
  step(
    (t) =>
      new QueryCommand({
        TableName: t,
        IndexName: 'by-queue',
        KeyConditionExpression: '#q = :q',
        ExpressionAttributeNames: { '#q': 'queue' },
        ExpressionAttributeValues: { ':q': { S: 'odd' } },
        ProjectionExpression: 'pk, sk, blobs',
      }),
  ),
  step((t) => new ScanCommand({ TableName: t, Limit: 5, FilterExpression: 'attribute_exists(blob)' })),
  step(
    (t) =>
      new BatchWriteItemCommand({
        RequestItems: {
          [t]: [
            { PutRequest: { Item: { pk: { S: 'c' }, sk: { N: '1' }, blob: { B: bytes(7) } } } },
            { DeleteRequest: { Key: { pk: { S: 'a' }, sk: { N: '11' } } } },
          ],
        },
      }),
  ),
  step(
    (t) =>
      new BatchGetItemCommand({
        RequestItems: {
          [t]: {
            Keys: [
              { pk: { S: 'c' }, sk: { N: '1' } },
              { pk: { S: 'a' }, sk: { N: '11' } },
            ],
          },
        },
      }),
  ),
  step(
    (t) =>
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: t, Key: { pk: { S: 'c' }, sk: { N: '1' } } } },
          { Get: { TableName: t, Key: { pk: { S: 'z' }, sk: { N: '1' } } } },
        ],
      }),
  ),
];

/** An answer or an error, with what differs by nature between two tables and two requests left out. */
async function outcome(send: () => Promise<unknown>, table: string): Promise<unknown> {
  const normalise = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value, (key, v) => {
        if (['requestId', 'TableId', 'CreationDateTime', 'LastUpdateToPayPerRequestDateTime'].includes(key)) return undefined;
        return v instanceof Uint8Array ? { bytes: [...v] } : v;
      }).replaceAll(table, '<table>'),
    );
  try {
    const output = (await send()) as Record<string, unknown>;
    const description = (output.Table ?? output.TableDescription) as { CreationDateTime?: unknown } | undefined;
    return { output: normalise(output), created: description ? description.CreationDateTime instanceof Date : undefined };
  } catch (err) {
    const e = err as Error & Record<string, unknown>;
    return {
      error: {
        class: e.constructor.name,
        name: e.name,
        message: e.message,
        fault: e.$fault,
        status: (e.$metadata as { httpStatusCode?: number })?.httpStatusCode,
        fields: normalise({ ...e }),
      },
    };
  }
}

it('gives the outputs and errors the SDK gives over HTTP, command after command', async () => {
  const overHttp: unknown[] = [];
  const direct: unknown[] = [];
  for (const make of STEPS) {
    overHttp.push(await outcome(() => make('via-http').send(http), 'via-http'));
    direct.push(await outcome(() => make('in-process').send(inProcess), 'in-process'));
  }
  expect(direct).toEqual(overHttp);
  // The comparison covers what it claims: binary values, dates, errors of several classes.
  const text = JSON.stringify(overHttp);
  for (const expected of [
    '"bytes":[1,255,0]',
    'ConditionalCheckFailedException',
    'TransactionCanceledException',
    'ValidationException',
    'ResourceNotFoundException',
    '"created":true',
  ])
    expect(text).toContain(expected);
});

it('serves lib-dynamodb as it is (marshalling, sets, binary)', async () => {
  const doc = DynamoDBDocumentClient.from(inProcess);
  const TableName = 'in-process';
  await doc.send(
    new PutCommand({ TableName, Item: { pk: 'doc', sk: 1, tags: new Set(['x', 'y']), raw: bytes(4, 2), nested: { a: [1, 'two'] } } }),
  );
  const { Item } = await doc.send(new GetCommand({ TableName, Key: { pk: 'doc', sk: 1 } }));
  expect(Item).toEqual({ pk: 'doc', sk: 1, tags: new Set(['x', 'y']), raw: bytes(4, 2), nested: { a: [1, 'two'] } });
  const { Items } = await doc.send(
    new DocQueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'doc' } }),
  );
  expect(Items).toHaveLength(1);
});

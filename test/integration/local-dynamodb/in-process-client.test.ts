/**
 * The platform's DynamoDB client in process (infra/local/dynamodb/in-process.ts: the functions'
 * own client, adapters/aws/dynamodb.ts, with a transport that hands its request to dynalite's
 * engine) answers as the same client over HTTP, signed, does: the same requests sent to the same
 * dynalite give the same outputs and the same errors (name, message, fields, fault, status), and
 * those errors carry the names and messages the AWS SDK reads over HTTP (the reference the adapters
 * were written against). The in-process client has no endpoint: it never opens a socket.
 */
import * as Sdk from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { startDynalite, type LocalDynamo } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';

let dynamo: LocalDynamo;
let http: DynamoDB;
let inProcess: DynamoDB;
let sdk: Sdk.DynamoDBClient;
beforeAll(async () => {
  dynamo = await startDynalite();
  http = new DynamoDB({ endpoint: dynamo.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
  inProcess = dynamo.client();
  sdk = new Sdk.DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
});
afterAll(async () => {
  sdk?.destroy();
  await dynamo?.close();
});

/** A request: its operation and its input, in DynamoDB's own form. */
type Step = (table: string) => [operation: string, input: Record<string, unknown>];
const step = (make: Step) => make;

const bytes = (...b: number[]) => Buffer.from(b).toString('base64');
const STEPS: Step[] = [
  step((t) => [
    'CreateTable',
    {
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
    },
  ]),
  step((t) => ['DescribeTable', { TableName: t }]),
  step((t) => ['UpdateTimeToLive', { TableName: t, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }]),
  step((t) => ['DescribeTimeToLive', { TableName: t }]),
  ...Array.from({ length: 12 }, (_, i) =>
    step((t) => [
      'PutItem',
      {
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
      },
    ]),
  ),
  step((t) => ['PutItem', { TableName: t, Item: { pk: { S: 'a' }, sk: { N: '0' } }, ReturnValues: 'ALL_OLD' }]),
  step((t) => ['GetItem', { TableName: t, Key: { pk: { S: 'a' }, sk: { N: '1' } }, ConsistentRead: true }]),
  step((t) => ['GetItem', { TableName: t, Key: { pk: { S: 'a' }, sk: { N: '99' } } }]),
  step((t) => [
    'UpdateItem',
    {
      TableName: t,
      Key: { pk: { S: 'a' }, sk: { N: '2' } },
      UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one, blob = :b',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' }, ':b': { B: bytes(9) } },
      ReturnValues: 'ALL_NEW',
    },
  ]),
  // Errors: a refused condition (with the item), a transaction cancelled, bad input, a missing table.
  step((t) => [
    'PutItem',
    {
      TableName: t,
      Item: { pk: { S: 'a' }, sk: { N: '3' } },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  ]),
  step((t) => [
    'DeleteItem',
    {
      TableName: t,
      Key: { pk: { S: 'a' }, sk: { N: '4' } },
      ConditionExpression: 'sk = :x',
      ExpressionAttributeValues: { ':x': { N: '5' } },
    },
  ]),
  step((t) => [
    'TransactWriteItems',
    {
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
    },
  ]),
  step((t) => ['UpdateItem', { TableName: t, Key: { pk: { S: 'a' }, sk: { N: '1' } }, UpdateExpression: 'SET' }]),
  step((t) => ['GetItem', { TableName: t, Key: { pk: { S: 'a' } } }]),
  step(() => ['GetItem', { TableName: 'no-such-table', Key: { pk: { S: 'a' } } }]),
  step((t) => [
    'TransactWriteItems',
    {
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
    },
  ]),
  // Reads of several items.
  step((t) => [
    'Query',
    {
      TableName: t,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': { S: 'a' }, ':lo': { N: '2' }, ':hi': { N: '8' } },
      ScanIndexForward: false,
      Limit: 3,
      ReturnConsumedCapacity: 'INDEXES',
    },
  ]),
  step((t) => [
    'Query',
    {
      TableName: t,
      IndexName: 'by-queue',
      KeyConditionExpression: '#q = :q',
      ExpressionAttributeNames: { '#q': 'queue' },
      ExpressionAttributeValues: { ':q': { S: 'odd' } },
      ProjectionExpression: 'pk, sk, blobs',
    },
  ]),
  step((t) => ['Scan', { TableName: t, Limit: 5, FilterExpression: 'attribute_exists(blob)' }]),
  step((t) => [
    'BatchWriteItem',
    {
      RequestItems: {
        [t]: [
          { PutRequest: { Item: { pk: { S: 'c' }, sk: { N: '1' }, blob: { B: bytes(7) } } } },
          { DeleteRequest: { Key: { pk: { S: 'a' }, sk: { N: '11' } } } },
        ],
      },
    },
  ]),
  step((t) => [
    'BatchGetItem',
    {
      RequestItems: {
        [t]: {
          Keys: [
            { pk: { S: 'c' }, sk: { N: '1' } },
            { pk: { S: 'a' }, sk: { N: '11' } },
          ],
        },
      },
    },
  ]),
  step((t) => [
    'TransactGetItems',
    {
      TransactItems: [
        { Get: { TableName: t, Key: { pk: { S: 'c' }, sk: { N: '1' } } } },
        { Get: { TableName: t, Key: { pk: { S: 'z' }, sk: { N: '1' } } } },
      ],
    },
  ]),
];

/** An answer or an error, with what differs by nature between two tables and two requests left out. */
async function outcome(send: () => Promise<unknown>, table: string): Promise<unknown> {
  const normalise = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value, (key, v) =>
        ['requestId', 'TableId', 'CreationDateTime', 'LastUpdateToPayPerRequestDateTime'].includes(key) ? undefined : v,
      ).replaceAll(table, '<table>'),
    );
  try {
    return { output: normalise(await send()) };
  } catch (err) {
    const e = err as Error & Record<string, unknown>;
    return {
      error: {
        name: e.name,
        message: e.message,
        fault: e.$fault,
        status: (e.$metadata as { httpStatusCode?: number })?.httpStatusCode,
        fields: normalise({ ...e }),
      },
    };
  }
}

it('gives the outputs and errors the same client gives over HTTP, request after request, errors named as the SDK names them', async () => {
  const overHttp: unknown[] = [];
  const direct: unknown[] = [];
  for (const make of STEPS) {
    overHttp.push(await outcome(() => http.call(...make('via-http')), 'via-http'));
    direct.push(await outcome(() => inProcess.call(...make('in-process')), 'in-process'));
  }
  expect(direct).toEqual(overHttp);
  // The comparison covers what it claims: binary values, errors of several kinds.
  const errors = direct.flatMap((o) => ((o as { error?: { name: string } }).error ? [(o as { error: { name: string } }).error.name] : []));
  expect(new Set(errors)).toEqual(
    new Set(['ConditionalCheckFailedException', 'TransactionCanceledException', 'ValidationException', 'ResourceNotFoundException']),
  );
  expect(JSON.stringify(direct)).toContain(`"B":"${bytes(7)}"`);

  // The SDK over HTTP reads the same errors with the same names and messages (the requests without binary values: the SDK takes bytes).
  const sdkErrors: unknown[] = [];
  const ownErrors: unknown[] = [];
  for (const make of STEPS) {
    const [operation, input] = make('via-sdk');
    const own = (await outcome(() => http.call(operation, input), 'via-sdk')) as { error?: { name: string; message: string } };
    if (!own.error || JSON.stringify(input).includes('"B"')) continue;
    const Command = (Sdk as unknown as Record<string, new (input: unknown) => never>)[`${operation}Command`]!;
    const viaSdk = (await outcome(() => sdk.send(new Command(input)), 'via-sdk')) as { error?: { name: string; message: string } };
    sdkErrors.push({ name: viaSdk.error?.name, message: viaSdk.error?.message });
    ownErrors.push({ name: own.error.name, message: own.error.message });
  }
  expect(ownErrors.length).toBeGreaterThan(2);
  expect(ownErrors).toEqual(sdkErrors);
});

it('the document calls marshal what they send and unmarshal what they read, binary included', async () => {
  const TableName = 'in-process'; // the first test's
  const item = { pk: 'doc', sk: 1, tags: new Set(['x', 'y']), raw: new Uint8Array([4, 2]), nested: { a: [1, 'two'] } };
  await inProcess.put({ TableName, Item: item });
  expect((await inProcess.get({ TableName, Key: { pk: 'doc', sk: 1 } })).Item).toEqual(item);
  expect((await http.get({ TableName, Key: { pk: 'doc', sk: 1 } })).Item).toEqual(item);
  const { Items } = await inProcess.query({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'doc' } });
  expect(Items).toEqual([item]);
});

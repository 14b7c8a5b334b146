/**
 * CPU per DynamoDB request, client and engine together, by the way the platform reaches the
 * engine (all in this process, so both sides are counted): over HTTP on loopback (the SDK as is,
 * dynalite's server), through a custom requestHandler (the SDK's serialization, SigV4 and
 * deserialization kept, no socket), through the in-process middleware the platform uses
 * (infra/local/dynamodb/in-process.ts), and the engine called directly (the floor). The mix is a
 * dossier's: a conditional UpdateItem, a GetItem, a PutItem, a Query of a few items.
 *
 *   node bench/dynamo-transport.ts [--requests 4000]
 */
import { parseArgs } from 'node:util';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynalite, type LocalDynamo } from '#infra/local/dynamodb/dynalite.ts';
import { round } from './lib.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '4000' } } });
const REQUESTS = Number(values.requests);

export interface TransportResult {
  requests: number;
  /** µs of CPU (user + system) per request, by way. */
  cpuUsPerRequest: Record<'http' | 'requestHandler' | 'inProcess' | 'engine', number>;
}

type Send = (operation: string, input: Record<string, unknown>) => Promise<unknown>;

const COMMANDS = { UpdateItem: UpdateItemCommand, GetItem: GetItemCommand, PutItem: PutItemCommand, Query: QueryCommand } as const;
const sdk =
  (client: DynamoDBClient): Send =>
  (operation, input) =>
    client.send(new COMMANDS[operation as keyof typeof COMMANDS](input as never) as never);

/** The SDK as is, but the request handed to the engine instead of a socket. */
function requestHandlerClient(dynamo: LocalDynamo): DynamoDBClient {
  return new DynamoDBClient({
    region: 'eu-west-3',
    endpoint: 'http://dynamodb.in-process.local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: {
      handle: (request: { headers: Record<string, string>; body: string | Uint8Array }) =>
        new Promise((resolve) => {
          const body = typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
          dynamo.engine(String(request.headers['x-amz-target']).split('.')[1]!, JSON.parse(body), (err, result) => {
            resolve({
              response: {
                statusCode: err ? (err.statusCode ?? 500) : 200,
                headers: { 'content-type': 'application/x-amz-json-1.0' },
                body: Buffer.from(JSON.stringify(err ? err.body : result)),
              },
            });
          });
        }),
    } as never,
  });
}

async function mix(send: Send, table: string, i: number): Promise<void> {
  const pk = { S: `DOSSIER#${i % 200}` };
  await send('UpdateItem', {
    TableName: table,
    Key: { PK: pk, SK: { S: 'DOSSIER' } },
    UpdateExpression: 'SET #s = :s, updatedAt = :now, #v = if_not_exists(#v, :zero) + :one',
    ConditionExpression: 'attribute_not_exists(PK) OR #s <> :closed',
    ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
    ExpressionAttributeValues: {
      ':s': { S: `step-${i}` },
      ':now': { S: new Date().toISOString() },
      ':zero': { N: '0' },
      ':one': { N: '1' },
      ':closed': { S: 'closed' },
    },
  });
  await send('GetItem', { TableName: table, Key: { PK: pk, SK: { S: 'DOSSIER' } }, ConsistentRead: true });
  await send('PutItem', {
    TableName: table,
    Item: { PK: pk, SK: { S: `EVENT#${String(i).padStart(8, '0')}` }, type: { S: 'transition' }, at: { S: new Date().toISOString() } },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
  await send('Query', {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
    ExpressionAttributeValues: { ':pk': pk, ':event': { S: 'EVENT#' } },
    ScanIndexForward: false,
    Limit: 5,
  });
}

async function cpuPerRequest(send: Send, table: string): Promise<number> {
  for (let i = 0; i < 200; i++) await mix(send, table, i); // warm-up
  const start = process.cpuUsage();
  for (let i = 0; i < REQUESTS / 4; i++) await mix(send, table, 200 + i);
  const used = process.cpuUsage(start);
  return round((used.user + used.system) / REQUESTS, 1);
}

export async function measureTransports(): Promise<TransportResult> {
  const dynamo = await startDynalite();
  const http = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const engine: Send = (operation, input) =>
    new Promise((resolve, reject) =>
      dynamo.engine(operation, structuredClone(input), (err, result) => (err ? reject(err) : resolve(result))),
    );
  const ways = { http: sdk(http), requestHandler: sdk(requestHandlerClient(dynamo)), inProcess: sdk(dynamo.client()), engine };
  const cpuUsPerRequest = {} as TransportResult['cpuUsPerRequest'];
  for (const [way, send] of Object.entries(ways)) {
    const table = `transport-${way}`;
    await http.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    while ((await http.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus !== 'ACTIVE');
    cpuUsPerRequest[way as keyof typeof ways] = await cpuPerRequest(send, table);
  }
  http.destroy();
  await dynamo.close();
  return { requests: REQUESTS, cpuUsPerRequest };
}

if (import.meta.main) {
  const result = await measureTransports();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

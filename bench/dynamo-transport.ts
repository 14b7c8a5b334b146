/**
 * CPU per DynamoDB request, client and engine together, by the way the platform reaches the
 * engine (all in this process, so both sides are counted): over HTTP on loopback (the SDK as is,
 * dynalite's server), through a custom requestHandler (the SDK's serialization, SigV4 and
 * deserialization kept, no socket), the functions' own client (adapters/aws/dynamodb.ts) over HTTP
 * (signed), the same client through the in-process transport the platform gives it
 * (infra/local/dynamodb/in-process.ts), the same with the engine in a worker thread (does a second
 * core pay?), and the engine called directly (the floor). The SDK's former in-process middleware
 * measured 166 µs per request where the small client's transport measured 65 (same run, README). The mix is a
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
import { Worker } from 'node:worker_threads';
import { startDynalite, type LocalDynamo } from '#infra/local/dynamodb/dynalite.ts';
import { type Engine, inProcessDynamoDB } from '#infra/local/dynamodb/in-process.ts';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { round } from './lib.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '4000' } } });
const REQUESTS = Number(values.requests);

export interface TransportResult {
  requests: number;
  /** µs of CPU (user + system, all threads) per request, by way. */
  cpuUsPerRequest: Record<Way, number>;
  /** µs of the main thread's CPU per request, by way (with the engine in a worker thread, the rest is the worker's). */
  mainThreadCpuUsPerRequest: Record<Way, number>;
  /** Requests answered per second of wall time with 16 in flight, by way. */
  requestsPerSecond: Record<Way, number>;
}

type Way = 'http' | 'requestHandler' | 'smallClientHttp' | 'inProcess' | 'worker' | 'engine';
type Send = (operation: string, input: Record<string, unknown>) => Promise<unknown>;

const COMMANDS = { UpdateItem: UpdateItemCommand, GetItem: GetItemCommand, PutItem: PutItemCommand, Query: QueryCommand } as const;
const sdk =
  (client: DynamoDBClient): Send =>
  (operation, input) =>
    client.send(new (COMMANDS[operation as keyof typeof COMMANDS] as typeof GetItemCommand)(input as never) as never);

const small =
  (client: DynamoDB): Send =>
  (operation, input) =>
    client.call(operation, input);

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

async function measure(send: Send, table: string): Promise<{ cpu: number; mainThreadCpu: number; perSecond: number }> {
  for (let i = 0; i < 200; i++) await mix(send, table, i); // warm-up
  const start = process.cpuUsage();
  const startThread = process.threadCpuUsage();
  for (let i = 0; i < REQUESTS / 4; i++) await mix(send, table, 200 + i);
  const used = process.cpuUsage(start);
  const usedThread = process.threadCpuUsage(startThread);
  // Throughput: 16 dossiers' mixes in flight at once.
  const began = performance.now();
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < REQUESTS / 4; i = next++) await mix(send, table, 100_000 + i);
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  return {
    cpu: round((used.user + used.system) / REQUESTS, 1),
    mainThreadCpu: round((usedThread.user + usedThread.system) / REQUESTS, 1),
    perSecond: round(REQUESTS / ((performance.now() - began) / 1000), 0),
  };
}

/** The in-process client over an engine in a worker thread (structured clones both ways). */
function workerEngine(): { engine: Engine; close: () => Promise<number> } {
  const worker = new Worker(new URL('./dynamo-engine-worker.ts', import.meta.url));
  const pending = new Map<number, Parameters<Engine>[2]>();
  let ids = 0;
  worker.on('message', ({ id, err, result }) => {
    const cb = pending.get(id)!;
    pending.delete(id);
    cb(err, result);
  });
  return {
    engine: (operation, data, cb) => {
      pending.set(++ids, cb);
      worker.postMessage({ id: ids, operation, data });
    },
    close: () => worker.terminate(),
  };
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
  const worker = workerEngine();
  const workerClient = inProcessDynamoDB(worker.engine);
  const ways: Record<Way, Send> = {
    http: sdk(http),
    requestHandler: sdk(requestHandlerClient(dynamo)),
    smallClientHttp: small(
      new DynamoDB({ endpoint: dynamo.endpoint, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    ),
    inProcess: small(dynamo.client()),
    worker: small(workerClient),
    engine,
  };
  const result: TransportResult = {
    requests: REQUESTS,
    cpuUsPerRequest: {},
    mainThreadCpuUsPerRequest: {},
    requestsPerSecond: {},
  } as TransportResult;
  for (const [way, send] of Object.entries(ways) as [Way, Send][]) {
    const table = `transport-${way}`;
    const create = new CreateTableCommand({
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
    });
    if (way === 'worker') {
      // The worker's engine has its own store: the table is made there.
      await workerClient.call('CreateTable', { ...create.input });
      while (
        (await workerClient.call<{ Table?: { TableStatus?: string } }>('DescribeTable', { TableName: table })).Table?.TableStatus !==
        'ACTIVE'
      );
    } else {
      await http.send(create);
      while ((await http.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus !== 'ACTIVE');
    }
    const m = await measure(send, table);
    result.cpuUsPerRequest[way] = m.cpu;
    result.mainThreadCpuUsPerRequest[way] = m.mainThreadCpu;
    result.requestsPerSecond[way] = m.perSecond;
  }
  http.destroy();
  await worker.close();
  await dynamo.close();
  return result;
}

if (import.meta.main) {
  const result = await measureTransports();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

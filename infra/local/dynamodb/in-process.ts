/**
 * The local DynamoDB reached in-process: a DynamoDBClient whose commands — the adapters' SDK v3
 * commands, unchanged, lib-dynamodb's included — are answered by dynalite's engine in this very
 * process. No socket, no HTTP, no SigV4, no endpoint resolution, no retry, no JSON round trip on
 * the hot path: the client's serializer and deserializer middlewares are replaced by two of ours
 * under their names (so lib-dynamodb's marshalling, placed before the one and around the other,
 * still runs): the first hands the command's input to the engine (`dynalite.handle`, the function
 * its HTTP server calls), the second returns the engine's answer as the command's output.
 *
 * What the SDK would make of DynamoDB's answer stays the SDK's: every error, and every answer of
 * the control plane (CreateTable's dates…), is read by the client's own protocol deserializer from
 * the JSON DynamoDB would send, so a refused condition is the SDK's very
 * ConditionalCheckFailedException, with its fields. Only the data plane's successful answers
 * (items, counts, capacity) are handed over directly, with binary attributes as the SDK gives them
 * (Uint8Array). The SDK's middleware names are its own (pinned version):
 * test/integration/local-dynamodb/in-process-client.test.ts compares every answer with the SDK's
 * over HTTP. bench/dynamo-transport.ts measures the CPU of each way to the engine.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsTransport } from '#adapters/aws/client.ts';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { LOCAL_ACCOUNT } from '../account.ts';
import { withoutHttpMiddleware } from '../in-process-handler.ts';

/** The engine's answer: a result, or an error with the status and the JSON body DynamoDB would answer. */
export interface EngineError {
  statusCode?: number;
  body?: unknown;
}
export type Engine = (operation: string, data: object, cb: (err: EngineError | null, result?: object) => void) => void;

// The operations whose answers hold nothing the SDK would convert but binary attributes.
const DATA_PLANE = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

interface MiddlewareContext {
  commandName?: string;
  __smithy_context?: { operationSchema?: unknown[] };
  [ANSWER]?: Answer;
}
interface Answer {
  statusCode: number;
  body: unknown;
  requestId: string;
}
interface Protocol {
  deserializeResponse(operation: object, context: object, response: object): Promise<object>;
}

const ANSWER = Symbol('in-process DynamoDB answer');
let requests = 0;

/**
 * The adapters' DynamoDB client (adapters/aws/dynamodb.ts) answered by `engine` in this process:
 * the client's own request (its JSON, parsed: the engine changes what it is given) is handed to the
 * engine and its answer, error or not, read by the client as over HTTP. No signing, no socket.
 */
export function inProcessDynamoDB(engine: Engine): DynamoDB {
  return new DynamoDB({ region: LOCAL_ACCOUNT.region, transport: inProcessTransport(engine) });
}

export function inProcessTransport(engine: Engine): AwsTransport {
  return async ({ target, body }) => {
    const answer = await ask(engine, target.slice(target.indexOf('.') + 1), JSON.parse(body) as object);
    return { status: answer.statusCode, body: answer.body, requestId: answer.requestId };
  };
}

/**
 * A DynamoDBClient of the SDK answered by `engine` in this process (region and account of the
 * local platform): for the platform's control plane and the tests' outside clients.
 */
export function inProcessDynamoClient(engine: Engine): DynamoDBClient {
  const client = new DynamoDBClient({
    region: LOCAL_ACCOUNT.region,
    endpoint: 'http://dynamodb.in-process.local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // No retry either: the engine's answers are final (a refused condition is not retried).
  const stack = withoutHttpMiddleware(client, ['serializerMiddleware', 'deserializerMiddleware', 'retryMiddleware']).middlewareStack;
  stack.add(
    (next, handlerContext) => async (args) => {
      const context = handlerContext as MiddlewareContext;
      context[ANSWER] = await ask(engine, String(context.commandName).replace(/Command$/, ''), toWire(args.input) as object);
      return next(args);
    },
    { step: 'serialize', name: 'serializerMiddleware' },
  );
  stack.add(
    (_next, handlerContext) => async () => {
      const context = handlerContext as MiddlewareContext;
      const answer = context[ANSWER] as Answer;
      const $metadata = { httpStatusCode: answer.statusCode, requestId: answer.requestId, attempts: 1, totalRetryDelay: 0 };
      const operation = String(context.commandName).replace(/Command$/, '');
      if (answer.statusCode === 200 && DATA_PLANE.has(operation)) {
        return { output: { ...(fromWire(answer.body) as object), $metadata } as never, response: undefined };
      }
      // What the SDK makes of DynamoDB's JSON answer: the client's own deserializer reads it.
      const response = {
        statusCode: answer.statusCode,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': answer.requestId },
        body: Buffer.from(JSON.stringify(answer.body ?? {})),
      };
      const [, namespace, name, traits, input, output] = context.__smithy_context?.operationSchema ?? [];
      const protocol = (client.config as unknown as { protocol: Protocol }).protocol;
      try {
        const parsed = await protocol.deserializeResponse(
          { namespace, name, traits, input, output },
          { ...client.config, ...context },
          response,
        );
        return { output: { ...parsed, $metadata } as never, response };
      } catch (err) {
        Object.assign((err as { $metadata?: object }).$metadata ?? {}, { attempts: 1, totalRetryDelay: 0 });
        throw err;
      }
    },
    { step: 'deserialize', name: 'deserializerMiddleware' },
  );
  return client;
}

function ask(engine: Engine, operation: string, data: object): Promise<Answer> {
  const requestId = `in-process-${++requests}`;
  return new Promise((resolve) => {
    try {
      engine(operation, data, (err, result) => {
        if (!err) resolve({ statusCode: 200, body: result, requestId });
        else if (err.statusCode) resolve({ statusCode: err.statusCode, body: err.body, requestId });
        else resolve({ ...internalError(err), requestId });
      });
    } catch (err) {
      resolve({ ...internalError(err), requestId });
    }
  });
}

function internalError(err: unknown): { statusCode: number; body: unknown } {
  return { statusCode: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(err) } };
}

/**
 * A copy of the command's input as its JSON would be (the engine changes what it is given): binary
 * attributes in base64, undefined members left out.
 */
function toWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) copy[key] = toWire(member);
  }
  return copy;
}

/** The engine's answer as the SDK gives it: binary attributes (B, BS) as Uint8Array, no undefined members. */
function fromWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromWire(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    const member = object[key];
    if (member === undefined) delete object[key];
    else if (key === 'B' && typeof member === 'string') object[key] = fromBase64(member);
    else if (key === 'BS' && Array.isArray(member) && member.every((m) => typeof m === 'string')) object[key] = member.map(fromBase64);
    else object[key] = fromWire(member);
  }
  return object;
}

// A copy: a view would keep the whole pooled slab of a small Buffer alive.
function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

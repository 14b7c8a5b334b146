/**
 * The local DynamoDB reached in-process: the functions' own client (adapters/aws/dynamodb.ts) with
 * a transport that hands its request to dynalite's engine in this very process (`dynalite.handle`,
 * the function its HTTP server calls). No socket, no HTTP, no SigV4, no retry on the hot path: the
 * client's request goes to the engine (the engine changes what it is given: a document method's
 * request, built for the call, as it is — never encoded in JSON; any other parsed from its body), and
 * the engine's answer — an error with the status and the JSON body DynamoDB would send, or a result
 * — is read by the client as over HTTP, so a refused condition is the very
 * ConditionalCheckFailedException, with its fields, that a Lambda meets. The engine's answers are
 * read, never changed: an item it answers may be the very object it keeps parsed for the next read
 * (the client's unmarshalling copies it).
 * test/integration/local-dynamodb/in-process-client.test.ts compares every answer with the same
 * client's over HTTP; bench/dynamo-transport.ts measures the CPU of each way to the engine.
 */
import type { AwsTransport } from '#adapters/aws/client.ts';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { LOCAL_ACCOUNT } from '../account.ts';

/** The engine's answer: a result, or an error with the status and the JSON body DynamoDB would answer. */
export interface EngineError {
  statusCode?: number;
  body?: unknown;
}
export type Engine = (operation: string, data: object, cb: (err: EngineError | null, result?: object) => void) => void;

let requests = 0;

/** The adapters' DynamoDB client answered by `engine` in this process (region of the local platform). */
export function inProcessDynamoDB(engine: Engine): DynamoDB {
  // One try: the engine's answers are final (a refused condition is not retried, an engine error would not heal).
  return new DynamoDB({ region: LOCAL_ACCOUNT.region, transport: inProcessTransport(engine), maxAttempts: 1 });
}

export function inProcessTransport(engine: Engine): AwsTransport {
  return (call) => {
    const requestId = `in-process-${++requests}`;
    const operation = call.target.slice(call.target.indexOf('.') + 1);
    return new Promise((resolve) => {
      try {
        // A request built for this call is the engine's as it is; any other is parsed from its body (a copy).
        engine(operation, call.input ?? (JSON.parse(call.body) as object), (err, result) => {
          if (!err) resolve({ status: 200, body: result, requestId });
          else if (err.statusCode) resolve({ status: err.statusCode, body: err.body, requestId });
          else resolve({ ...internalError(err), requestId });
        });
      } catch (err) {
        resolve({ ...internalError(err), requestId });
      }
    });
  };
}

function internalError(err: unknown): { status: number; body: unknown } {
  return { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(err) } };
}

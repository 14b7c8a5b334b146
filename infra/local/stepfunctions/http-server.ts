/**
 * The Step Functions JSON protocol (awsJson1_0) over HTTP, for the calls the project makes, so
 * handlers use @aws-sdk/client-sfn unchanged with `endpoint: http://127.0.0.1:<port>`.
 * Requests: POST, `X-Amz-Target: AWSStepFunctions.<Operation>`, JSON body. Dates go out as epoch
 * seconds. Errors: HTTP 400 with `{"__type": "com.amazonaws.sfn#<Code>", "message": …}`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SfnApiError } from './errors.ts';
import type { LocalStepFunctions } from './runtime.ts';
import type { ExecutionStatus } from './store.ts';

export interface StepFunctionsHttpServer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;
type Operation = (runtime: LocalStepFunctions, body: Body) => Promise<unknown>;

const str = (value: unknown): string => (typeof value === 'string' ? value : (undefined as unknown as string));
const optionalStr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const optionalNum = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function defined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

const OPERATIONS: Record<string, Operation> = {
  StartExecution: (rt, b) =>
    rt.startExecution(defined({ stateMachineArn: str(b.stateMachineArn), name: optionalStr(b.name), input: optionalStr(b.input) })),
  SendTaskSuccess: async (rt, b) => {
    await rt.sendTaskSuccess({ taskToken: str(b.taskToken), output: str(b.output) });
    return {};
  },
  SendTaskFailure: async (rt, b) => {
    await rt.sendTaskFailure(defined({ taskToken: str(b.taskToken), error: optionalStr(b.error), cause: optionalStr(b.cause) }));
    return {};
  },
  SendTaskHeartbeat: async (rt, b) => {
    await rt.sendTaskHeartbeat({ taskToken: str(b.taskToken) });
    return {};
  },
  DescribeExecution: (rt, b) => rt.describeExecution({ executionArn: str(b.executionArn) }),
  ListExecutions: (rt, b) =>
    rt.listExecutions(
      defined({
        stateMachineArn: str(b.stateMachineArn),
        statusFilter: optionalStr(b.statusFilter) as ExecutionStatus | undefined,
        maxResults: optionalNum(b.maxResults),
        nextToken: optionalStr(b.nextToken),
      }),
    ),
  GetExecutionHistory: (rt, b) =>
    rt.getExecutionHistory(
      defined({
        executionArn: str(b.executionArn),
        reverseOrder: typeof b.reverseOrder === 'boolean' ? b.reverseOrder : undefined,
        maxResults: optionalNum(b.maxResults),
        nextToken: optionalStr(b.nextToken),
      }),
    ),
  StopExecution: (rt, b) =>
    rt.stopExecution(defined({ executionArn: str(b.executionArn), error: optionalStr(b.error), cause: optionalStr(b.cause) })),
};

/** Dates become epoch seconds, as the protocol sends timestamps. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toWire(v)]),
    );
  }
  return value;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  response.setHeader('x-amzn-ErrorType', code);
  send(response, status, { __type: `com.amazonaws.sfn#${code}`, message });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(runtime: LocalStepFunctions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = String(request.headers['x-amz-target'] ?? '');
  const operation = target.startsWith('AWSStepFunctions.') ? OPERATIONS[target.slice('AWSStepFunctions.'.length)] : undefined;
  if (request.method !== 'POST' || !operation) {
    sendError(response, 400, 'UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
    return;
  }
  let body: Body;
  try {
    const text = await readBody(request);
    body = (text.trim() === '' ? {} : JSON.parse(text)) as Body;
  } catch {
    sendError(response, 400, 'SerializationException', 'The request body is not valid JSON');
    return;
  }
  try {
    send(response, 200, toWire(await operation(runtime, body)));
  } catch (error) {
    if (error instanceof SfnApiError) sendError(response, 400, error.code, error.message);
    else sendError(response, 500, 'InternalFailure', (error as Error)?.message ?? String(error));
  }
}

export async function startStepFunctionsHttpServer(
  runtime: LocalStepFunctions,
  options: { port?: number; host?: string } = {},
): Promise<StepFunctionsHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    void handle(runtime, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`Step Functions: port ${options.port} is already in use (set another port)`) : error);
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

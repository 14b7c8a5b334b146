/**
 * The Step Functions JSON protocol (awsJson1_0) over HTTP, so that @aws-sdk/client-sfn, the AWS
 * CLI and the AWS Toolkit work unchanged with `endpoint: http://127.0.0.1:<port>`: the calls the
 * project makes, and those tools make to find, draw and inspect the machines and executions.
 * Requests: POST, `X-Amz-Target: AWSStepFunctions.<Operation>`, JSON body (validated by the
 * runtime, api-requests.ts). Dates go out as epoch seconds. Errors: HTTP 400 with
 * `{"__type": "com.amazonaws.sfn#<Code>", "message": …}`.
 */
import type { AwsAnswer } from '#adapters/aws/client.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Operation as ApiOperation } from './api-requests.ts';
import { SfnApiError } from './errors.ts';
import type { LocalStepFunctions } from './runtime.ts';
import { sendWhole } from '../send-whole.ts';

export interface StepFunctionsHttpServer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

type Operation = (runtime: LocalStepFunctions, body: never) => Promise<unknown>;
const done = async (call: Promise<void>) => {
  await call;
  return {};
};

const OPERATIONS: Record<ApiOperation, Operation> = {
  StartExecution: (rt, b) => rt.startExecution(b),
  SendTaskSuccess: (rt, b) => done(rt.sendTaskSuccess(b)),
  SendTaskFailure: (rt, b) => done(rt.sendTaskFailure(b)),
  SendTaskHeartbeat: (rt, b) => done(rt.sendTaskHeartbeat(b)),
  DescribeExecution: (rt, b) => rt.describeExecution(b),
  ListExecutions: (rt, b) => rt.listExecutions(b),
  GetExecutionHistory: (rt, b) => rt.getExecutionHistory(b),
  StopExecution: (rt, b) => rt.stopExecution(b),
  ListStateMachines: (rt, b) => rt.listStateMachines(b),
  DescribeStateMachine: (rt, b) => rt.describeStateMachine(b),
  DescribeStateMachineForExecution: (rt, b) => rt.describeStateMachineForExecution(b),
  ListTagsForResource: (rt, b) => rt.listTagsForResource(b),
  ValidateStateMachineDefinition: (rt, b) => rt.validateStateMachineDefinition(b),
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

const error = (status: number, code: string, message: string): AwsAnswer => ({
  status,
  errorType: code,
  body: { __type: `com.amazonaws.sfn#${code}`, message },
});

/**
 * Answers one request of the protocol: its `X-Amz-Target` and its body's text. The HTTP endpoint
 * and the in-process client (in-process-client.ts) both call it.
 */
export async function answerRequest(runtime: LocalStepFunctions, target: string, text: string): Promise<AwsAnswer> {
  const name = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
  const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name as ApiOperation] : undefined;
  if (!operation) return error(400, 'UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return error(400, 'SerializationException', 'The request body is not valid JSON');
  }
  try {
    return { status: 200, body: toWire(await operation(runtime, body as never)) };
  } catch (caught) {
    if (caught instanceof SfnApiError) return error(400, caught.code, caught.message);
    return error(500, 'InternalFailure', (caught as Error)?.message ?? String(caught));
  }
}

function send(response: ServerResponse, answer: AwsAnswer): void {
  const headers = { 'content-type': 'application/x-amz-json-1.0', ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}) };
  sendWhole(response, answer.status, headers, JSON.stringify(answer.body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(runtime: LocalStepFunctions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = String(request.headers['x-amz-target'] ?? '');
  if (request.method !== 'POST') {
    send(response, error(400, 'UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`));
    return;
  }
  let text: string;
  try {
    text = await readBody(request);
  } catch {
    send(response, error(400, 'SerializationException', 'The request body is not valid JSON'));
    return;
  }
  send(response, await answerRequest(runtime, target, text));
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

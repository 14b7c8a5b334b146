/**
 * The main thread's side of the platform's engine (engine-thread.ts, in a worker thread): starts
 * it, and gives the functions' own DynamoDB and Step Functions clients (adapters/aws) with a
 * transport that posts the client's request — its X-Amz-Target and JSON body, as strings — to the
 * engine over the thread's port and reads the engine's answer (its status and JSON body) as over
 * HTTP: a refused condition is the very ConditionalCheckFailedException a Lambda meets.
 */
import { Worker } from 'node:worker_threads';
import type { AwsAnswer, AwsTransport } from '#adapters/aws/client.ts';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { type StepFunctions, stepFunctions } from '#adapters/aws/stepfunctions.ts';
import { LOCAL_ACCOUNT } from './account.ts';
import type { BusEvent } from './events/bus.ts';
import type { EngineOp, EngineOptions, FromEngine, ToEngine } from './engine-thread.ts';

export interface Engine {
  /** Where the engine's services listen for outside clients. */
  endpoints: { dynamo: string; sfn: string; events: string };
  machineArns: Record<string, string>;
  /** The adapters' DynamoDB client, answered by the engine's dynalite. */
  dynamo: DynamoDB;
  /** The adapters' Step Functions client, answered by the engine's runtime. */
  stepFunctions: StepFunctions;
  /** The scheduler's sweeps of one tick (TTL, redelivery, due timers, the daily run if due), resolved once their work is done. */
  step(): Promise<void>;
  /** The events the transitions publisher put on the local bus, oldest first. */
  events(): Promise<BusEvent[]>;
  /** Resolves once every change the feed holds is published. */
  transitionsIdle(): Promise<void>;
  /** The benchmark's counters, read in the engine (started with `counters`: bench/campaign-counters.ts). */
  counters(): Promise<unknown>;
  /** The engine thread's CPU time so far and its live heap (after a full GC when `gc` is exposed). */
  usage(): Promise<{ cpuMs: number; liveHeapMb: number }>;
  /** An API request starts / ends: the engine's background work yields while any is in flight. */
  apiRequest(): () => void;
  close(): Promise<void>;
}

export type EngineStart = Omit<EngineOptions, 'apiRequests'> & { log: (line: string) => void };

let requests = 0;

export function startEngine({ log, ...options }: EngineStart): Promise<Engine> {
  const apiRequests = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(new URL('./engine-thread.ts', import.meta.url), {
    workerData: { ...options, apiRequests: apiRequests.buffer } satisfies EngineOptions,
  });
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let next = 0;
  let gone: Error | undefined;
  const send = (message: ToEngine) => worker.postMessage(message);
  const ask = <T>(op: EngineOp): Promise<T> =>
    new Promise((resolve, reject) => {
      if (gone) return reject(gone);
      const id = ++next;
      pending.set(id, { resolve, reject });
      send({ id, op });
    });
  const transport =
    (service: 'dynamodb' | 'states'): AwsTransport =>
    ({ target, body }) =>
      new Promise<AwsAnswer>((resolve, reject) => {
        if (gone) return reject(gone);
        const id = ++next;
        pending.set(id, { resolve, reject });
        send({ id, service, target, body });
      });
  const fail = (error: Error) => {
    gone ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  return new Promise((resolve, reject) => {
    worker.on('error', (error) => {
      log(`engine error: ${String(error?.stack ?? error)}`);
      fail(error);
      reject(error);
    });
    worker.on('exit', (code) => {
      const error = new Error(`the platform's engine thread exited (${code})`);
      fail(error);
      reject(error);
    });
    worker.on('message', (message: FromEngine) => {
      if ('console' in message) return console[message.console](message.line);
      if ('log' in message) return log(message.log);
      if ('failed' in message) return reject(new Error(message.failed));
      if ('ready' in message) {
        const { machineArns, ...endpoints } = message.ready;
        return resolve({
          endpoints,
          machineArns,
          // One try: the engine's answers are final (a refused condition is not retried, an engine error would not heal).
          dynamo: new DynamoDB({ region: LOCAL_ACCOUNT.region, transport: transport('dynamodb'), maxAttempts: 1 }),
          stepFunctions: stepFunctions({ region: LOCAL_ACCOUNT.region, transport: transport('states') }),
          step: () => ask('step'),
          events: () => ask('events'),
          transitionsIdle: () => ask('transitionsIdle'),
          counters: () => ask('counters'),
          usage: () => ask('usage'),
          apiRequest: () => {
            Atomics.add(apiRequests, 0, 1);
            return () => {
              // The last one out wakes the engine's waiting work (its concurrency grows back).
              if (Atomics.sub(apiRequests, 0, 1) === 1) send('wake');
            };
          },
          close: async () => {
            if (gone) return;
            await ask('stop');
            gone = new Error('the platform is stopped');
            await worker.terminate();
          },
        });
      }
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if ('status' in message) {
        const requestId = message.requestId ?? `engine-${++requests}`;
        p.resolve({
          status: message.status,
          body: message.body ? JSON.parse(message.body) : undefined,
          ...(message.errorType ? { errorType: message.errorType } : {}),
          requestId,
        } satisfies AwsAnswer);
      } else if (message.error) p.reject(new Error(message.error));
      else p.resolve(message.value);
    });
  });
}

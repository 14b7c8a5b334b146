/**
 * The platform's engine, in a worker thread of its own (the platform's second core): dynalite, the
 * durable Step Functions runtime with the very workflow Lambda handlers, the table's change feed
 * into the transitions publisher and its bus, and the scheduler's sweeps (TTL expiry, decision
 * redelivery, due timers, the daily enforcement). The main thread (platform.ts) keeps the HTTP API,
 * the API Lambda handlers, SES and the outbox sender; its DynamoDB and Step Functions calls arrive
 * here over the thread's port as the AWS client's request (its target and JSON body, a string each
 * way: engine.ts) and are answered by the same functions the in-process transports call.
 *
 * Messages from the main thread: `{ id, service: 'dynamodb' | 'states', target, body }` (an AWS call),
 * `{ id, op }` (step, events, transitionsIdle, counters, usage, stop), `'wake'` (the API is idle again).
 * To it: `{ id, status, body, errorType?, requestId? }`, `{ id, value }` or `{ id, error }`,
 * `{ ready }` / `{ failed }` once, `{ log }` (the platform's log) and `{ console, line }` (the
 * functions' console lines, printed by the main thread so that they land where its own do).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import type { AwsAnswer } from '#adapters/aws/client.ts';
import type { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { putEvents } from '#adapters/aws/eventbridge.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { dailyEnforcementHandler } from '#functions/sweep/handlers.ts';
import { redeliverDecisionsHandler } from '#functions/workflow/handlers.ts';
import { TRANSITION_PATTERN, transitionsPublisher } from '#functions/events/transitions.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { LOCAL_ACCOUNT } from './account.ts';
import { inProcessTransport } from './dynamodb/in-process.ts';
import { startEventBus } from './events/bus.ts';
import { watchChanges } from './events/change-feed.ts';
import { mapStream } from './events/event-source.ts';
import { localLambdaContext } from './lambda-context.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from './engine-names.ts';
import { enforcementInstant, PlatformClock } from './platform-clock.ts';
import { startDynalite, type LocalDynamo, type LocalService } from './services.ts';
import { answerRequest } from './stepfunctions/http-server.ts';
import { startWorkflowPlatform } from './workflow-platform.ts';

/** What the main thread starts the engine with (`workerData`). */
export interface EngineOptions {
  dataDir?: string;
  ports: { dynamo: number; sfn: number; events: number };
  /** The platform clock's offset (PlatformClock.shared), moved by the main thread. */
  clock: SharedArrayBuffer;
  /** Int32 [0]: API requests in flight on the main thread (the runtime yields to them). */
  apiRequests: SharedArrayBuffer;
  enforcementHour: number;
  ses: string;
  /** Installs the benchmark's DynamoDB counters before dynalite loads (bench/counters.ts). */
  counters?: boolean;
}

export interface EngineEndpoints {
  dynamo: string;
  sfn: string;
  events: string;
  machineArns: Record<string, string>;
}

export type EngineOp = 'step' | 'events' | 'transitionsIdle' | 'counters' | 'usage' | 'stop';
export type ToEngine = { id: number; service: 'dynamodb' | 'states'; target: string; body: string } | { id: number; op: EngineOp } | 'wake';
export type FromEngine =
  | { id: number; status: number; body: string; errorType?: string; requestId?: string }
  | { id: number; value?: unknown; error?: string }
  | { ready: EngineEndpoints }
  | { failed: string }
  | { log: string }
  | { console: 'log' | 'info' | 'warn' | 'error' | 'debug'; line: string };

/** The runtime's segments at once while the API is idle (enough to overlap the journal's and LevelDB's I/O waits). */
const BACKGROUND_SEGMENTS = 4;
/** While the API answers, no segment starts, unless none has started or ended for this long (the workflows still advance under a sustained load). */
const BACKGROUND_MAX_YIELD_MS = 10;
/** Where the Step Functions runtime kept its state before it had its own storage (a DynamoDB table). */
const FORMER_RUNTIME_TABLE = 'inclusion-aap-stepfunctions';

const port = parentPort!;
const post = (message: FromEngine) => port.postMessage(message);
const log = (line: string) => post({ log: line });
// The functions' Powertools lines (and any other console line of this thread) go out through the main thread's console.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
  console[method] = (...args: unknown[]) => post({ console: method, line: format(...args) });

/** This thread's CPU time (ms) and its heap in use after a full GC when the process exposes `gc` (MB). */
function threadUsage(): { cpuMs: number; liveHeapMb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { user, system } = process.threadCpuUsage();
  return { cpuMs: (user + system) / 1000, liveHeapMb: process.memoryUsage().heapUsed / 2 ** 20 };
}

/**
 * A data directory written before the runtime had its own storage: its running executions are in a
 * DynamoDB table the runtime no longer reads, so starting on it would lose them silently.
 */
async function refuseFormerLayout(dynamo: DynamoDB, dataDir: string, runtimeDir: string): Promise<void> {
  if (existsSync(runtimeDir)) return;
  try {
    await dynamo.call('DescribeTable', { TableName: FORMER_RUNTIME_TABLE });
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return;
    throw error;
  }
  throw new Error(
    `${dataDir} was written by an earlier version of the platform, whose Step Functions executions are in the DynamoDB table ` +
      `${FORMER_RUNTIME_TABLE}, which this version no longer reads. Start on a new data directory (--data <dir>), ` +
      `or delete ${dataDir} to start afresh.`,
  );
}

/**
 * The transitions publisher as on AWS: the table's change feed, filtered and batched as the event
 * source mapping does, into the very publisher handler, which puts the events through the functions'
 * client on a local bus that can be read (in process: no socket on the hot path).
 */
async function startTransitions(dynamo: LocalDynamo, eventsPort: number) {
  const bus = await startEventBus({ port: eventsPort });
  const client = bus.client(LOCAL_ACCOUNT.region);
  const publisher = transitionsPublisher({ put: (entries) => putEvents(client, entries), eventBusName: EVENT_BUS_NAME });
  const mapping = mapStream({
    filter: TRANSITION_PATTERN,
    handler: (event) => publisher(event, localLambdaContext('publish-transitions')),
    onDropped: (record, reason) => log(`transition not published after its retries (${record.eventID}): ${reason}`),
  });
  watchChanges(dynamo.store, (table, record) => {
    if (table === TABLE_NAME) mapping.push(record);
  });
  return { bus, idle: () => mapping.idle() };
}

async function start(options: EngineOptions) {
  if (options.counters) (await import('../../bench/counters.ts')).installDynamoCounters();
  const services: LocalService[] = [];
  const clock = PlatformClock.reading(options.clock);
  const apiRequests = new Int32Array(options.apiRequests);
  try {
    const dynamo = await startDynalite({
      port: options.ports.dynamo,
      ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}),
    });
    services.push(dynamo);
    const transitions = await startTransitions(dynamo, options.ports.events);
    services.push(transitions.bus);
    const dynamoClient = dynamo.client();
    const runtimeDataDir = options.dataDir ? join(options.dataDir, 'stepfunctions') : undefined;
    if (options.dataDir && runtimeDataDir) await refuseFormerLayout(dynamoClient, options.dataDir, runtimeDataDir);
    // The workflows' background work yields to the API's requests (no new segment while any is in
    // flight, but one once none has started or ended for BACKGROUND_MAX_YIELD_MS; 4 at once
    // otherwise). On one thread, at 50 clients (bench/inbox-load.ts) the decision's p99 was ≈ 175–200
    // ms unbounded, ≈ 85–115 ms with 4, 67–90 ms with one segment at a time while the API answers.
    // The count is the main thread's, read through shared memory.
    const workflows = await startWorkflowPlatform({
      runtimeConcurrency: () => (Atomics.load(apiRequests, 0) > 0 ? 0 : BACKGROUND_SEGMENTS),
      runtimeMaxYieldMs: BACKGROUND_MAX_YIELD_MS,
      dynamo: dynamoClient,
      tableName: TABLE_NAME,
      ...(runtimeDataDir ? { runtimeDataDir } : {}),
      clock,
      sfnPort: options.ports.sfn,
    });
    const { deps, runtime } = workflows;
    const dynamoTransport = inProcessTransport(dynamo.engine);

    // The last Paris day the daily enforcement ran (kept with the data).
    const stateFile = options.dataDir ? join(options.dataDir, 'scheduler.json') : undefined;
    let lastRunDay: string | undefined =
      stateFile && existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { lastRunDay?: string }).lastRunDay : undefined;
    // The very Lambda handlers the schedules invoke on AWS.
    const enforce = dailyEnforcementHandler(deps);
    const redeliver = redeliverDecisionsHandler(deps);
    const enforceIfDue = async () => {
      const now = clock.now();
      const today = parisDateOf(now);
      if (lastRunDay !== undefined && lastRunDay >= today) return;
      if (now < enforcementInstant(today, options.enforcementHour)) return;
      const report = await enforce(undefined, localLambdaContext('daily-enforcement'));
      lastRunDay = today;
      if (stateFile) writeFileAtomic(stateFile, JSON.stringify({ lastRunDay }));
      if (report.remindersSent + report.suspended + report.missed > 0)
        log(
          `[${today}] enforcement: ${report.remindersSent} reminders, ${report.missed} missed, ${report.suspended} suspended (${report.read} read)`,
        );
    };
    // The scheduler's sweeps of one tick (the main thread sends the outbox after them).
    const step = async () => {
      // DynamoDB's TTL, on the platform's clock: time travel expires sent emails and idempotency records.
      await dynamo.expire(clock.now());
      await redeliver(undefined, localLambdaContext('redeliver-decisions'));
      await runtime.runDueTimers();
      await runtime.idle();
      await enforceIfDue();
      await runtime.idle();
    };
    const answer = (id: number, a: AwsAnswer) =>
      post({
        id,
        status: a.status,
        body: a.body === undefined ? '' : JSON.stringify(a.body),
        ...(a.errorType ? { errorType: a.errorType } : {}),
        ...(a.requestId ? { requestId: a.requestId } : {}),
      });
    const stop = async () => {
      await workflows.close();
      for (const service of services.reverse()) await service.close();
    };
    port.on('message', async (message: ToEngine) => {
      if (message === 'wake') return runtime.wake();
      const { id } = message;
      try {
        if ('service' in message) {
          const call = { target: message.target, body: message.body };
          return answer(
            id,
            await (message.service === 'dynamodb' ? dynamoTransport(call) : answerRequest(runtime, call.target, call.body)),
          );
        }
        let value: unknown;
        if (message.op === 'step') await step();
        else if (message.op === 'events') value = transitions.bus.events();
        else if (message.op === 'transitionsIdle') await transitions.idle();
        else if (message.op === 'usage') value = threadUsage();
        else if (message.op === 'counters') {
          const { platformSideCounters } = await import('../../bench/campaign-counters.ts');
          value = await platformSideCounters({ workflows, ses: options.ses, dynamo: dynamo.endpoint });
        } else if (message.op === 'stop') {
          await stop();
          return post({ id });
        }
        post({ id, value });
      } catch (error) {
        post({ id, error: String((error as Error)?.stack ?? error) });
      }
    });
    post({
      ready: { dynamo: dynamo.endpoint, sfn: workflows.sfn.endpoint, events: transitions.bus.endpoint, machineArns: workflows.machineArns },
    });
  } catch (error) {
    for (const service of services.reverse()) await service.close().catch(() => {});
    throw error;
  }
}

start(workerData as EngineOptions).catch((error: unknown) => {
  post({ failed: String((error as Error)?.stack ?? error) });
  port.close();
});

/**
 * A durable local Step Functions: runs the project's ASL definitions (JSONPath) with
 * aws-local-stepfunctions, keeps executions, callback tokens and history in its own storage
 * (store.ts: state in memory, an append-only journal with snapshots, histories in their own log),
 * and answers the Step Functions API calls AWS tools make.
 *
 * How an execution moves: StartExecution, SendTaskSuccess/Failure and due timers give an
 * execution work (in memory, work-queue.ts); the worker runs one "segment" per piece of work —
 * from the resume point to the next park point (callback task, Wait state) or the end — and
 * commits it with one record, if the execution is still at the version the segment started from.
 * A runtime killed at any moment re-runs, when started again (`start()`), every segment that had
 * not committed, so every execution goes on where it was.
 *
 * At-least-once: a segment interrupted before its commit runs again from its resume point, so
 * the Lambda functions of that segment (and the function of the callback task that parks it) may
 * run twice — as AWS Lambda may. A re-run segment hands out the same task tokens (they derive
 * from the execution's secret seed and the point it resumes), so callback handlers can be
 * idempotent on the token. Callbacks are resumed exactly once: answering a token is one record,
 * written only if the token is still pending, and resuming is committed with the execution's version.
 * Every API call is answered once its changes are durable.
 *
 * Time: nothing fires on wall time. `runDueTimers()` fires what is due by the injected clock
 * (Wait ends, callback timeouts and heartbeats, the one-year limit of a Standard execution).
 * Lambda functions do run in real time: a lambda task's TimeoutSeconds is real seconds.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '#domain/time/clock.ts';
import { parseRequest, type Request } from './api-requests.ts';
import { executionArnOf, isExecutionArn, isStateMachineArn, isValidResourceName, stateMachineArn, stateMachineNameOf } from './arns.ts';
import { assertRunnableLocally, executionTimeLimitSeconds, statesOf, type AslDefinition, type StateInfo } from './definition.ts';
import {
  SfnApiError,
  executionAlreadyExists,
  executionDoesNotExist,
  invalidToken,
  stateError,
  stateMachineDoesNotExist,
  taskTimedOut,
} from './errors.ts';
import { decodeChunk, toHistoryEvents, type HistoryEvent, type HistoryEventRecord } from './history.ts';
import {
  ExecutionRun,
  type OpenCallback,
  type ResumeOutcome,
  type SegmentEnd,
  type SegmentResult,
  type SegmentServices,
} from './segment.ts';
import { statesTimeoutErrorFactory } from './states-timeout-error.ts';
import {
  RuntimeStore,
  type CallbackOutcome,
  type ExecutionRecord,
  type ExecutionStatus,
  type SegmentReached,
  type StoreStats,
  type TokenRecord,
} from './store.ts';
import { Timers, type Timer } from './timers.ts';
import { looksLikeToken, newToken, segmentBase, sha256Hex } from './tokens.ts';
import { validateDefinition, type DefinitionDiagnostic } from './validate-definition.ts';
import { WorkQueue } from './work-queue.ts';

export type LocalFunction = (payload: unknown) => Promise<unknown>;

export interface LocalStepFunctionsOptions {
  /** Where the runtime keeps its state (created if missing; one runtime per directory). Default: in memory only. */
  dataDir?: string;
  /** fsync at each group commit, to survive a power cut and not only a kill -9 (slower). Default false. */
  fsync?: boolean;
  /** Journal size past which it is compacted into a snapshot (and past the last snapshot's size). Default 4 MiB. */
  compactAtBytes?: number;
  clock: Clock;
  /** Local Lambda functions by name (`FunctionName` may be a function ARN or a bare name). Read at each call. */
  functions: Record<string, LocalFunction>;
  region?: string;
  accountId?: string;
  /** Pause between Retry attempts, in real milliseconds (default 0: retries do not wait). */
  retryIntervalMs?: number;
  /** Told of failures of the runtime itself (the execution's work stays pending). Default: console.error. */
  onInternalError?: (error: unknown) => void;
  /** Parked runs kept in memory, to resume without starting the library again (the oldest are dropped first). Default 2,000. */
  maxParkedRuns?: number;
  /** Real milliseconds a parked run is kept (then its execution resumes cold). Default 2,000; at most a day. */
  parkedRunMaxAgeMs?: number;
  /** Segments run at once, asked before each start (work-queue.ts; call `wake()` when it grows). Default: no bound. */
  concurrency?: () => number;
  /** With `concurrency()` at 0, one segment still starts once none has started or ended for this long (work-queue.ts). Default: no bound. */
  maxYieldMs?: number;
}

export interface StartExecutionResult {
  executionArn: string;
  startDate: Date;
}

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input?: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveStatus: 'NOT_REDRIVABLE';
  redriveStatusReason: string;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  redriveCount: number;
}

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  status: 'ACTIVE';
  definition: string;
  roleArn: string;
  type: 'STANDARD';
  creationDate: Date;
  loggingConfiguration: { level: 'OFF'; includeExecutionData: boolean };
  tracingConfiguration: { enabled: boolean };
}

interface RegisteredMachine {
  arn: string;
  name: string;
  definition: AslDefinition;
  text: string;
  hash: string;
  states: Map<string, StateInfo>;
  /** When this runtime registered it (machines are registered by code at each start). */
  registeredAt: Date;
}

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_MAX_PARKED_RUNS = 2_000;
/**
 * A parked run (≈ 10 KB of heap: the library's suspended async frames, promises and closures)
 * saves its resume a new library run, which costs little: worth keeping for an answer that comes
 * at once (a function or script answering its own callback, a test), not for a person's, which
 * comes minutes to months later. Kept for all of them (up to 2,000), the runs of the dossiers
 * waiting on a decision were ≈ 10 KB each of live heap (a heap snapshot in a N=1,000 campaign: 9.9 MB
 * for 1,000 runs), 13–15 MB of the platform's peak RSS at N=1,000 (bench/campaign.ts), for no CPU
 * per dossier that the pairs could tell apart.
 */
const DEFAULT_PARKED_RUN_MAX_AGE_MS = 2_000;
/**
 * A parked run waits inside the library's Task state, whose own real-time timer (its TimeoutSeconds,
 * set to the most setTimeout allows: 24.8 days) must never fire: none is kept for a day of real time.
 */
const PARKED_RUN_AGE_LIMIT_MS = 24 * 3_600_000;

/** A page of `items`; the token is the offset of the next page. */
function pageOf<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (nextToken !== undefined) {
    const text = Buffer.from(nextToken, 'base64url').toString('utf8');
    offset = Number(text);
    if (!/^\d{1,15}$/.test(text) || Buffer.from(text).toString('base64url') !== nextToken) {
      throw new SfnApiError('InvalidToken', `Invalid Token: '${nextToken}'`);
    }
  }
  const size = maxResults || DEFAULT_PAGE_SIZE;
  const page = items.slice(offset, offset + size);
  const result: { page: T[]; nextToken?: string } = { page };
  if (offset + size < items.length) result.nextToken = Buffer.from(String(offset + size)).toString('base64url');
  return result;
}

function isJson(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function addSeconds(iso: string | Date, seconds: number): string {
  return new Date(new Date(iso).getTime() + seconds * 1000).toISOString();
}

/** Why an execution cannot be redriven here (AWS's words where AWS has them). */
function redriveStatusReason(status: ExecutionStatus): string {
  if (status === 'RUNNING' || status === 'SUCCEEDED') return `Execution is ${status} and cannot be redriven`;
  return 'RedriveExecution is not supported by the local runtime';
}

export class LocalStepFunctions {
  readonly region: string;
  readonly accountId: string;
  readonly #options: LocalStepFunctionsOptions;
  readonly #clock: Clock;
  readonly #functions: Record<string, LocalFunction>;
  readonly #queue: WorkQueue;
  readonly #timers = new Timers();
  /** Parked Waits whose instant has come (in memory: a lost one fires again at the next runDueTimers). */
  readonly #elapsedWaits = new Set<string>();
  /** Runs parked in memory, by execution, oldest first, with when they parked (real time). */
  readonly #parkedRuns = new Map<string, { run: ExecutionRun; since: number }>();
  readonly #maxParkedRuns: number;
  readonly #parkedRunMaxAgeMs: number;
  #parkedRunsSweep: NodeJS.Timeout | undefined;
  readonly #retryIntervalMs: number;
  readonly #machines = new Map<string, RegisteredMachine>();
  readonly #machinesByHash = new Map<string, RegisteredMachine>();
  #opened: RuntimeStore | undefined;
  #statesTimeoutError: (() => Error) | undefined;

  constructor(options: LocalStepFunctionsOptions) {
    this.#options = options;
    this.region = options.region ?? 'eu-west-3';
    this.accountId = options.accountId ?? '000000000000';
    this.#clock = options.clock;
    this.#functions = options.functions;
    this.#retryIntervalMs = options.retryIntervalMs ?? 0;
    this.#maxParkedRuns = options.maxParkedRuns ?? DEFAULT_MAX_PARKED_RUNS;
    this.#parkedRunMaxAgeMs = Math.min(options.parkedRunMaxAgeMs ?? DEFAULT_PARKED_RUN_MAX_AGE_MS, PARKED_RUN_AGE_LIMIT_MS);
    const onInternalError = options.onInternalError ?? ((error: unknown) => console.error('local Step Functions: internal failure', error));
    this.#queue = new WorkQueue(
      (executionArn) => this.#process(executionArn),
      (error) => onInternalError(error),
      options.concurrency,
      options.maxYieldMs,
    );
  }

  get #store(): RuntimeStore {
    if (!this.#opened) throw new Error('LocalStepFunctions: start() was not called (or close() was)');
    return this.#opened;
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  /** Opens its storage (rebuilding the state of its data directory), then re-runs every unfinished segment. */
  async start(): Promise<void> {
    if (this.#opened) throw new Error('LocalStepFunctions: already started');
    this.#statesTimeoutError = await statesTimeoutErrorFactory();
    const store = RuntimeStore.open({
      ...(this.#options.dataDir ? { dataDir: this.#options.dataDir } : {}),
      ...(this.#options.fsync !== undefined ? { fsync: this.#options.fsync } : {}),
      ...(this.#options.compactAtBytes !== undefined ? { compactAtBytes: this.#options.compactAtBytes } : {}),
    });
    this.#opened = store;
    // Timers derive from the state: rebuilt once, here.
    for (const execution of store.executions()) {
      if (execution.status !== 'RUNNING') continue;
      this.#timers.add(this.#executionTimeout(execution));
      if (execution.park?.kind === 'wait') this.#timers.add(this.#waitTimer(execution));
    }
    for (const token of store.tokens()) if (token.status === 'PENDING') this.#addTokenTimers(token);
    // Swept twice per max age: a run is kept between one and one and a half times that.
    this.#parkedRunsSweep = setInterval(() => this.#dropParkedRuns(0), Math.max(this.#parkedRunMaxAgeMs / 2, 1)).unref();
    this.recover();
  }

  /** Runs again every execution's pending work (after a restart, or when an internal failure blocked it). */
  recover(): void {
    const running = [...this.#store.executions()].filter((e) => e.status === 'RUNNING').map((e) => e.executionArn);
    this.#queue.recover(running);
  }

  /** The concurrency given may have grown: starts the work that waits for a slot. */
  wake(): void {
    this.#queue.wake();
  }

  /** Resolves when no work is pending or running, and all of it is durable. Never await it from inside a Lambda function (deadlock). */
  async idle(): Promise<void> {
    await this.#queue.idle();
    await this.#opened?.durable();
  }

  async close(): Promise<void> {
    await this.#queue.close();
    clearInterval(this.#parkedRunsSweep);
    this.#dropParkedRuns(Number.POSITIVE_INFINITY);
    this.#opened?.close();
    this.#opened = undefined;
  }

  /** Runs parked in memory, to be resumed warm (for benchmarks and tests). */
  parkedRunCount(): number {
    return this.#parkedRuns.size;
  }

  /** What the storage holds and has written (for benchmarks and tests). */
  storageStats(): StoreStats {
    return this.#store.stats();
  }

  /** Runs an API call's synchronous part, then answers once its changes (and every change before them) are durable. */
  async #durably<T>(call: (store: RuntimeStore) => T): Promise<T> {
    const store = this.#store;
    try {
      return call(store);
    } finally {
      await store.durable();
    }
  }

  // ── state machines ─────────────────────────────────────────────────────────────────────────

  /** Registers (or replaces) a state machine; running executions keep the definition they started with. */
  registerStateMachine(name: string, definition: AslDefinition): string {
    if (!isValidResourceName(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
    assertRunnableLocally(definition);
    const arn = stateMachineArn({ region: this.region, accountId: this.accountId }, name);
    const text = JSON.stringify(definition);
    const hash = sha256Hex(text);
    const copy = JSON.parse(text) as AslDefinition; // the caller's object may change later
    const machine: RegisteredMachine = { arn, name, definition: copy, text, hash, states: statesOf(copy), registeredAt: this.#clock.now() };
    this.#machines.set(arn, machine);
    this.#machinesByHash.set(`${arn}#${hash}`, machine);
    return arn;
  }

  #machineOf(execution: ExecutionRecord): RegisteredMachine {
    const key = `${execution.stateMachineArn}#${execution.definitionHash}`;
    const known = this.#machinesByHash.get(key);
    if (known) return known;
    const text = this.#store.definition(execution.stateMachineArn, execution.definitionHash);
    if (!text) throw new Error(`definition ${key} of execution ${execution.executionArn} is missing`);
    const definition = JSON.parse(text) as AslDefinition;
    const machine: RegisteredMachine = {
      arn: execution.stateMachineArn,
      name: stateMachineNameOf(execution.stateMachineArn),
      definition,
      text,
      hash: execution.definitionHash,
      states: statesOf(definition),
      registeredAt: new Date(execution.startDate),
    };
    this.#machinesByHash.set(key, machine);
    return machine;
  }

  #registered(stateMachineArn: string): RegisteredMachine {
    const machine = this.#machines.get(stateMachineArn);
    if (machine) return machine;
    if (!isStateMachineArn(stateMachineArn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
    throw stateMachineDoesNotExist(stateMachineArn);
  }

  async listStateMachines(request: Request<'ListStateMachines'> = {}): Promise<{
    stateMachines: { stateMachineArn: string; name: string; type: 'STANDARD'; creationDate: Date }[];
    nextToken?: string;
  }> {
    const { maxResults, nextToken } = parseRequest('ListStateMachines', request);
    const machines = [...this.#machines.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const { page, nextToken: next } = pageOf(machines, maxResults, nextToken);
    const stateMachines = page.map((m) => ({
      stateMachineArn: m.arn,
      name: m.name,
      type: 'STANDARD' as const,
      creationDate: m.registeredAt,
    }));
    return next ? { stateMachines, nextToken: next } : { stateMachines };
  }

  #describeMachine(machine: RegisteredMachine, includedData: string | undefined): StateMachineDescription {
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: includedData === 'METADATA_ONLY' ? '{}' : machine.text,
      roleArn: this.#roleArn(),
      type: 'STANDARD',
      creationDate: machine.registeredAt,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  async describeStateMachine(request: Request<'DescribeStateMachine'>): Promise<StateMachineDescription> {
    const { stateMachineArn, includedData } = parseRequest('DescribeStateMachine', request);
    return this.#describeMachine(this.#registered(stateMachineArn), includedData);
  }

  /** The definition the execution runs (the one it started with), as AWS describes it. */
  async describeStateMachineForExecution(request: Request<'DescribeStateMachineForExecution'>) {
    const { executionArn, includedData } = parseRequest('DescribeStateMachineForExecution', request);
    return this.#durably(() => {
      const machine = this.#machineOf(this.#existingExecution(executionArn));
      const { stateMachineArn, name, definition, roleArn, creationDate, loggingConfiguration, tracingConfiguration } =
        this.#describeMachine(machine, includedData);
      return { stateMachineArn, name, definition, roleArn, updateDate: creationDate, loggingConfiguration, tracingConfiguration };
    });
  }

  /** Local state machines carry no tags. */
  async listTagsForResource(request: Request<'ListTagsForResource'>): Promise<{ tags: { key: string; value: string }[] }> {
    const { resourceArn } = parseRequest('ListTagsForResource', request);
    if (this.#machines.has(resourceArn)) return { tags: [] };
    if (!isStateMachineArn(resourceArn) && !/^arn:aws:states:[a-z0-9-]+:\d{12}:activity:[^:]+$/.test(resourceArn)) {
      throw new SfnApiError('InvalidArn', `Invalid Arn: '${resourceArn}'`);
    }
    throw new SfnApiError('ResourceNotFound', `Resource not found: '${resourceArn}'`);
  }

  /** As AWS validates a definition before creating a state machine: OK, or FAIL with diagnostics. */
  async validateStateMachineDefinition(
    request: Request<'ValidateStateMachineDefinition'>,
  ): Promise<{ result: 'OK' | 'FAIL'; diagnostics: DefinitionDiagnostic[]; truncated: boolean }> {
    const { definition, severity, maxResults } = parseRequest('ValidateStateMachineDefinition', request);
    const found = validateDefinition(definition).filter((d) => severity !== 'ERROR' || d.severity === 'ERROR');
    const limit = maxResults || 100;
    return {
      result: found.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
      diagnostics: found.slice(0, limit),
      truncated: found.length > limit,
    };
  }

  // ── executions ─────────────────────────────────────────────────────────────────────────────

  /**
   * Idempotent by name, as in AWS: the same name and input while RUNNING returns the same
   * execution; another input, or a closed execution, is `ExecutionAlreadyExists`.
   */
  async startExecution(request: Request<'StartExecution'>): Promise<StartExecutionResult> {
    const { stateMachineArn, name, input } = parseRequest('StartExecution', request);
    return this.#startExecution(stateMachineArn, name, input);
  }

  async #startExecution(
    machineArn: string,
    executionName: string | undefined,
    executionInput: string | undefined,
    startedBy?: { executionArn: string; seed: string },
  ): Promise<StartExecutionResult> {
    const started = await this.#durably((store) => {
      const machine = this.#registered(machineArn);
      const name = executionName ?? randomUUID();
      if (!isValidResourceName(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
      const input = executionInput ?? '{}';
      if (!isJson(input)) throw new SfnApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${input}'`);
      const executionArn = executionArnOf(machine.arn, name);
      const existing = store.execution(executionArn);
      if (existing) return { ...this.#sameStartOrRefuse(existing, input, startedBy), created: false };
      store.putDefinition(machine.arn, machine.hash, machine.text);
      const execution: ExecutionRecord = {
        executionArn,
        name,
        stateMachineArn: machine.arn,
        definitionHash: machine.hash,
        input,
        status: 'RUNNING',
        startDate: this.#clock.now().toISOString(),
        version: 0,
        history: [],
        eventCount: 0,
        timeLimitSeconds: executionTimeLimitSeconds(machine.definition),
        seed: newToken(),
      };
      if (startedBy) execution.startedBy = startedBy;
      store.createExecution(execution);
      this.#timers.add(this.#executionTimeout(execution));
      return { executionArn, startDate: new Date(execution.startDate), created: true };
    });
    if (started.created) this.#queue.push(started.executionArn);
    return { executionArn: started.executionArn, startDate: started.startDate };
  }

  #sameStartOrRefuse(existing: ExecutionRecord, input: string, startedBy?: { executionArn: string; seed: string }): StartExecutionResult {
    const sameStarter =
      startedBy !== undefined && existing.startedBy?.executionArn === startedBy.executionArn && existing.startedBy.seed === startedBy.seed;
    // A parent's segment re-run after a crash starts "again" the child it had started: the same one.
    if (sameStarter || (existing.status === 'RUNNING' && existing.input === input)) {
      return { executionArn: existing.executionArn, startDate: new Date(existing.startDate) };
    }
    throw executionAlreadyExists(existing.executionArn);
  }

  #existingExecution(executionArn: string): ExecutionRecord {
    if (!isExecutionArn(executionArn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    const execution = this.#store.execution(executionArn);
    if (!execution) throw executionDoesNotExist(executionArn);
    return execution;
  }

  async describeExecution(request: Request<'DescribeExecution'>): Promise<ExecutionDescription> {
    const { executionArn, includedData } = parseRequest('DescribeExecution', request);
    return this.#durably(() => {
      const e = this.#existingExecution(executionArn);
      const withData = includedData !== 'METADATA_ONLY';
      const description: ExecutionDescription = {
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: new Date(e.startDate),
        inputDetails: { included: withData },
        redriveCount: 0,
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: redriveStatusReason(e.status),
      };
      if (withData) description.input = e.input;
      if (e.stopDate) description.stopDate = new Date(e.stopDate);
      if (e.output !== undefined) {
        if (withData) description.output = e.output;
        description.outputDetails = { included: withData };
      }
      if (e.error !== undefined) description.error = e.error;
      if (e.cause !== undefined) description.cause = e.cause;
      return description;
    });
  }

  /** Executions of a state machine, newest first. */
  async listExecutions(request: Request<'ListExecutions'>): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
    const { stateMachineArn, mapRunArn, statusFilter, maxResults, nextToken, redriveFilter } = parseRequest('ListExecutions', request);
    if (stateMachineArn === undefined || mapRunArn !== undefined) {
      if (stateMachineArn !== undefined)
        throw new SfnApiError('ValidationException', 'Specify either a stateMachineArn or a mapRunArn, not both');
      if (mapRunArn === undefined) throw new SfnApiError('ValidationException', 'Must provide a StateMachine ARN or MapRun ARN');
      throw new SfnApiError('ResourceNotFound', `Resource not found: '${mapRunArn}'`); // no Distributed Map runs locally
    }
    if (statusFilter === 'PENDING_REDRIVE') {
      throw new SfnApiError('ValidationException', 'The PENDING_REDRIVE statusFilter is only valid with a mapRunArn');
    }
    return this.#durably((store) => {
      this.#registered(stateMachineArn);
      const all = store
        .executionsOf(stateMachineArn)
        .filter((e) => (!statusFilter || e.status === statusFilter) && redriveFilter !== 'REDRIVEN')
        .sort((a, b) => (a.startDate === b.startDate ? (a.name < b.name ? 1 : -1) : a.startDate < b.startDate ? 1 : -1));
      const { page, nextToken: next } = pageOf(all, maxResults, nextToken);
      const executions = page.map((e) => {
        const item: ExecutionListItem = {
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: new Date(e.startDate),
          redriveCount: 0,
        };
        if (e.stopDate) item.stopDate = new Date(e.stopDate);
        return item;
      });
      return next ? { executions, nextToken: next } : { executions };
    });
  }

  async getExecutionHistory(request: Request<'GetExecutionHistory'>): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
    const { executionArn, reverseOrder, maxResults, nextToken, includeExecutionData } = parseRequest('GetExecutionHistory', request);
    return this.#durably((store) => {
      const e = this.#existingExecution(executionArn);
      const records: HistoryEventRecord[] = [
        {
          type: 'ExecutionStarted',
          timestamp: e.startDate,
          details: { input: e.input, inputDetails: { truncated: false }, roleArn: this.#roleArn() },
        },
        ...store
          .historyChunks(e)
          // Only a power cut without `fsync` can lose a chunk whose commit survived.
          .flatMap((chunk) => (chunk === undefined ? [{ type: 'HistoryChunkLost', timestamp: e.startDate }] : decodeChunk(chunk))),
      ];
      const closing = this.#closingEvent(e);
      if (closing) records.push(closing);
      let events = toHistoryEvents(records, { includeExecutionData: includeExecutionData ?? true });
      if (reverseOrder) events = events.reverse();
      const { page, nextToken: next } = pageOf(events, maxResults, nextToken);
      return next ? { events: page, nextToken: next } : { events: page };
    });
  }

  #closingEvent(e: ExecutionRecord): HistoryEventRecord | undefined {
    const timestamp = e.stopDate ?? e.startDate;
    const errorDetails = { error: e.error, cause: e.cause };
    switch (e.status) {
      case 'RUNNING':
        return undefined;
      case 'SUCCEEDED':
        return { type: 'ExecutionSucceeded', timestamp, details: { output: e.output, outputDetails: { truncated: false } } };
      case 'FAILED':
        return { type: 'ExecutionFailed', timestamp, details: errorDetails };
      case 'ABORTED':
        return { type: 'ExecutionAborted', timestamp, details: errorDetails };
      case 'TIMED_OUT':
        return { type: 'ExecutionTimedOut', timestamp, details: errorDetails };
    }
  }

  #roleArn(): string {
    return `arn:aws:iam::${this.accountId}:role/local-stepfunctions`;
  }

  /** ABORTED at once; its pending task token is refused afterwards (a running segment's commit then fails). */
  async stopExecution(request: Request<'StopExecution'>): Promise<{ stopDate: Date }> {
    const { executionArn, error, cause } = parseRequest('StopExecution', request);
    return this.#durably((store) => {
      const e = this.#existingExecution(executionArn);
      if (e.status !== 'RUNNING') return { stopDate: new Date(e.stopDate ?? e.startDate) };
      const stopDate = this.#clock.now().toISOString();
      store.closeExecution(e.executionArn, {
        status: 'ABORTED',
        stopDate,
        ...(error !== undefined ? { error } : {}),
        ...(cause !== undefined ? { cause } : {}),
      });
      this.#dropParkedRun(e.executionArn);
      return { stopDate: new Date(stopDate) };
    });
  }

  // ── callbacks ──────────────────────────────────────────────────────────────────────────────

  #pendingToken(taskToken: string): TokenRecord {
    if (!looksLikeToken(taskToken)) throw invalidToken();
    const token = this.#store.token(taskToken);
    if (!token) throw this.#store.isFinished(taskToken) ? taskTimedOut() : invalidToken();
    if (token.status !== 'PENDING') throw taskTimedOut();
    if (this.#store.execution(token.executionArn)?.status !== 'RUNNING') throw taskTimedOut();
    return token;
  }

  async #answer(taskToken: string, outcome: CallbackOutcome): Promise<void> {
    const executionArn = await this.#durably((store) => {
      const token = this.#pendingToken(taskToken);
      if (!store.resolveToken(token.token, outcome)) throw taskTimedOut();
      return token.executionArn;
    });
    this.#queue.push(executionArn);
  }

  /** The state's result becomes `output` (JSON text). A token answered, timed out, or of a closed execution: `TaskTimedOut`. */
  async sendTaskSuccess(request: Request<'SendTaskSuccess'>): Promise<void> {
    const { taskToken, output } = parseRequest('SendTaskSuccess', request);
    if (!isJson(output)) throw new SfnApiError('InvalidOutput', `Invalid Output: '${output}'`);
    await this.#answer(taskToken, { kind: 'success', output });
  }

  /** The state fails with `error`/`cause` (Retry and Catch apply). */
  async sendTaskFailure(request: Request<'SendTaskFailure'>): Promise<void> {
    const { taskToken, error, cause } = parseRequest('SendTaskFailure', request);
    const outcome: CallbackOutcome = { kind: 'failure' };
    if (error !== undefined) outcome.error = error;
    if (cause !== undefined) outcome.cause = cause;
    await this.#answer(taskToken, outcome);
  }

  /** Restarts the HeartbeatSeconds countdown of a pending callback task. */
  async sendTaskHeartbeat(request: Request<'SendTaskHeartbeat'>): Promise<void> {
    const { taskToken } = parseRequest('SendTaskHeartbeat', request);
    await this.#durably((store) => {
      const token = this.#pendingToken(taskToken);
      if (token.heartbeatSeconds === undefined) return;
      const dueAt = addSeconds(this.#clock.now(), token.heartbeatSeconds);
      store.setHeartbeatDue(token.token, dueAt);
      this.#timers.add({ kind: 'heartbeat', dueAt, executionArn: token.executionArn, ref: token.token });
    });
  }

  // ── time ───────────────────────────────────────────────────────────────────────────────────

  #executionTimeout(execution: ExecutionRecord): Timer {
    const dueAt = addSeconds(execution.startDate, execution.timeLimitSeconds);
    return { kind: 'execution-timeout', dueAt, executionArn: execution.executionArn, ref: execution.executionArn };
  }

  #waitTimer(execution: ExecutionRecord): Timer {
    const park = execution.park as { id: string; dueAt?: string };
    return { kind: 'wait', dueAt: park.dueAt as string, executionArn: execution.executionArn, ref: park.id };
  }

  #addTokenTimers(token: TokenRecord): void {
    const { executionArn } = token;
    if (token.timeoutAt) this.#timers.add({ kind: 'task-timeout', dueAt: token.timeoutAt, executionArn, ref: token.token });
    if (token.heartbeatDueAt) this.#timers.add({ kind: 'heartbeat', dueAt: token.heartbeatDueAt, executionArn, ref: token.token });
  }

  /**
   * Fires every timer due at or before `clock.now()`, in due order (each instant's work done
   * before the next instant's timers fire), and returns when the resulting work is done.
   * Returns how many timers took effect.
   */
  async runDueTimers(): Promise<number> {
    let fired = 0;
    await this.idle();
    for (;;) {
      const due = this.#timers.takeFirstDue(this.#clock.now());
      if (due.length === 0) return fired;
      const work: string[] = [];
      for (const timer of due) {
        const effect = this.#fire(timer);
        if (effect) fired += 1;
        if (typeof effect === 'string') work.push(effect);
      }
      await this.#store.durable();
      for (const executionArn of work) this.#queue.push(executionArn);
      await this.idle();
    }
  }

  /** Applies a due timer if its cause still holds: the execution that now has work, true (no work), or undefined (stale). */
  #fire(timer: Timer): string | true | undefined {
    const store = this.#store;
    switch (timer.kind) {
      case 'wait': {
        const execution = store.execution(timer.executionArn);
        if (execution?.status !== 'RUNNING' || execution.park?.id !== timer.ref || execution.park.dueAt !== timer.dueAt) return undefined;
        this.#elapsedWaits.add(timer.ref);
        return timer.executionArn;
      }
      case 'task-timeout':
      case 'heartbeat': {
        const token = store.token(timer.ref);
        const current = timer.kind === 'task-timeout' ? token?.timeoutAt : token?.heartbeatDueAt;
        if (token?.status !== 'PENDING' || current !== timer.dueAt) return undefined;
        const error = timer.kind === 'task-timeout' ? 'States.Timeout' : 'States.HeartbeatTimeout';
        return store.resolveToken(timer.ref, { kind: 'timeout', error }) ? timer.executionArn : undefined;
      }
      case 'execution-timeout': {
        const execution = store.execution(timer.executionArn);
        if (execution?.status !== 'RUNNING' || this.#executionTimeout(execution).dueAt !== timer.dueAt) return undefined;
        this.#dropParkedRun(execution.executionArn);
        return store.closeExecution(
          execution.executionArn,
          {
            status: 'TIMED_OUT',
            stopDate: timer.dueAt,
            error: 'States.Timeout',
            cause: `The execution reached its time limit of ${execution.timeLimitSeconds} seconds`,
          },
          execution.startDate,
        )
          ? true
          : undefined;
      }
    }
  }

  // ── the worker's side ──────────────────────────────────────────────────────────────────────

  /** What the execution's next segment resumes with, if it has one to run now. */
  #nextSegment(execution: ExecutionRecord): { resume?: ResumeOutcome } | undefined {
    if (execution.status !== 'RUNNING') return undefined;
    const park = execution.park;
    if (!park) return {};
    if (park.kind === 'wait') return this.#elapsedWaits.has(park.id) ? { resume: { kind: 'wait-elapsed' } } : undefined;
    const outcome = this.#store.token(park.id)?.outcome;
    return outcome ? { resume: outcome } : undefined;
  }

  /**
   * Runs the execution's next segment, if it has one, and commits it. True if it ran one and the
   * execution has more work now (an outcome already there); work that comes later is pushed then.
   */
  async #process(executionArn: string): Promise<boolean> {
    const store = this.#store;
    const execution = store.execution(executionArn);
    const next = execution && this.#nextSegment(execution);
    if (execution?.status !== 'RUNNING' && execution?.park?.kind === 'wait') this.#elapsedWaits.delete(execution.park.id);
    if (!execution || !next) return false;
    const park = execution.park;
    const version = execution.version;
    const baseToken = segmentBase(execution.seed, park?.id);
    const parked = this.#parkedRuns.get(executionArn)?.run;
    this.#parkedRuns.delete(executionArn);
    let run: ExecutionRun;
    let segment: Promise<SegmentResult>;
    if (parked && park && next.resume && parked.parkedAt === park.id) {
      run = parked; // warm: the same library run goes on
      segment = run.resume(next.resume, baseToken, execution.eventCount + 1);
    } else {
      parked?.abort();
      run = this.#coldRun(execution, next.resume, baseToken);
      segment = run.begin();
    }
    let result: SegmentResult;
    try {
      result = await segment;
    } catch (error) {
      run.abort();
      throw error;
    }
    const reached = this.#reached(result.end);
    const committed = store.commitSegment(executionArn, version, reached, { text: result.chunk.text(), events: result.chunk.events });
    if (park?.kind === 'wait') this.#elapsedWaits.delete(park.id);
    if (!committed || !('park' in reached)) {
      run.abort(); // stopped or timed out meanwhile (nothing of the segment stays), or ended
      return false;
    }
    if (reached.park.kind === 'wait') this.#timers.add(this.#waitTimer(store.execution(executionArn) as ExecutionRecord));
    this.#keepParkedRun(executionArn, run);
    // Looked at again only if its outcome is already there: an answer or a timer during the segment
    // pushed it again anyway, and one that comes later pushes it then (a look per segment for nothing).
    return this.#nextSegment(execution) !== undefined;
  }

  /** What a segment's end commits: its park point, or the execution's end (dated now). */
  #reached(end: SegmentEnd): SegmentReached {
    if (end.kind === 'parked') return { park: end.park };
    const stopDate = this.#clock.now().toISOString();
    if (end.kind === 'succeeded') return { status: 'SUCCEEDED', stopDate, output: end.output };
    return {
      status: 'FAILED',
      stopDate,
      ...(end.error !== undefined ? { error: end.error } : {}),
      ...(end.cause !== undefined ? { cause: end.cause } : {}),
    };
  }

  /** A new library run from the execution's resume point: its start, or its park point with the outcome. */
  #coldRun(execution: ExecutionRecord, outcome: ResumeOutcome | undefined, baseToken: string): ExecutionRun {
    const machine = this.#machineOf(execution);
    const park = execution.park;
    const resume =
      park && outcome ? { state: park.state, outcome, ...(park.retryAttempts ? { retryAttempts: park.retryAttempts } : {}) } : undefined;
    // One parse for both: the library runs on a copy of its input (and the context is never written).
    const input = JSON.parse(execution.input);
    return new ExecutionRun(
      {
        definition: machine.definition,
        states: machine.states,
        machineArn: machine.arn,
        machineName: machine.name,
        execution: {
          arn: execution.executionArn,
          name: execution.name,
          input,
          startDate: execution.startDate,
          roleArn: this.#roleArn(),
        },
        startAt: park ? park.state : machine.definition.StartAt,
        input: park ? park.rawInput : input,
        ...(resume ? { resume } : {}),
        baseToken,
        eventsBefore: execution.eventCount + 1,
      },
      this.#segmentServices(execution),
    );
  }

  #keepParkedRun(executionArn: string, run: ExecutionRun): void {
    this.#parkedRuns.set(executionArn, { run, since: Date.now() });
    if (this.#parkedRuns.size > this.#maxParkedRuns) this.#dropParkedRuns(this.#parkedRuns.size - this.#maxParkedRuns);
  }

  #dropParkedRun(executionArn: string): void {
    this.#parkedRuns.get(executionArn)?.run.abort();
    this.#parkedRuns.delete(executionArn);
  }

  /** Drops the `count` oldest parked runs, and any parked for longer than the max age: their executions will resume cold. */
  #dropParkedRuns(count: number): void {
    const parkedBefore = Date.now() - this.#parkedRunMaxAgeMs;
    let dropped = 0;
    for (const [arn, { run, since }] of this.#parkedRuns) {
      if (dropped >= count && since >= parkedBefore) return;
      run.abort();
      this.#parkedRuns.delete(arn);
      dropped += 1;
    }
  }

  #segmentServices(execution: ExecutionRecord): SegmentServices {
    const statesTimeoutError = this.#statesTimeoutError;
    if (!statesTimeoutError) throw new Error('LocalStepFunctions.start() was not called');
    return {
      clock: this.#clock,
      region: this.region,
      retryIntervalMs: this.#retryIntervalMs,
      statesTimeoutError,
      invokeFunction: (name, payload) => {
        const fn = this.#functions[name];
        if (!fn) return Promise.reject(stateError('Lambda.ResourceNotFoundException', `Function not found: ${name}`));
        try {
          return Promise.resolve(fn(payload));
        } catch (error) {
          return Promise.reject(error);
        }
      },
      openCallback: (callback) => this.#openCallback(execution.executionArn, callback),
      closeCallback: async (token) => {
        this.#store.closeToken(token);
      },
      startExecution: (request) =>
        this.#startExecution(request.stateMachineArn, request.name, request.input, {
          executionArn: execution.executionArn,
          seed: request.seed,
        }),
    };
  }

  /** The token is durable before its function runs: an answer to it is never refused as unknown, even after a crash. */
  #openCallback(executionArn: string, callback: OpenCallback): Promise<void> {
    return this.#durably((store) => {
      const enteredAt = callback.enteredAt.toISOString();
      const record: TokenRecord = {
        token: callback.token,
        executionArn,
        stateName: callback.stateName,
        status: 'PENDING',
        createdAt: enteredAt,
      };
      if (callback.timeoutSeconds !== undefined) record.timeoutAt = addSeconds(callback.enteredAt, callback.timeoutSeconds);
      if (callback.heartbeatSeconds !== undefined) {
        record.heartbeatSeconds = callback.heartbeatSeconds;
        record.heartbeatDueAt = addSeconds(callback.enteredAt, callback.heartbeatSeconds);
      }
      // A re-run segment finds the token its crashed run opened: same timers, same answer if any.
      const token = store.openToken(record);
      if (token === record) this.#addTokenTimers(token);
    });
  }
}

/**
 * A durable local Step Functions: runs the project's ASL definitions (JSONPath) with
 * aws-local-stepfunctions, keeps executions, callback tokens, timers, history and a work queue
 * in its own DynamoDB table, and answers the Step Functions API calls the project makes.
 *
 * How an execution moves: StartExecution, SendTaskSuccess/Failure and due timers each write a
 * work item (see store.ts); the worker runs one "segment" per item — from the resume point to the
 * next park point (callback task, Wait state) or the end — and commits it by a conditional write
 * on the execution (version check), dequeueing the item. A runtime killed at any moment re-runs
 * the uncommitted items when started again (`start()`), so every execution goes on where it was.
 *
 * At-least-once: a segment interrupted before its commit runs again from its resume point, so
 * the Lambda functions of that segment (and the function of the callback task that parks it) may
 * run twice — as AWS Lambda may. A re-run segment hands out the same task tokens (they derive
 * from the work item), so callback handlers can be idempotent on the token. Callbacks are resumed
 * exactly once: answering a token is one conditional write, and resuming is committed with the
 * execution's version.
 *
 * Time: nothing fires on wall time. `runDueTimers()` fires what is due by the injected clock
 * (Wait ends, callback timeouts and heartbeats, the one-year limit of a Standard execution).
 * Lambda functions do run in real time: a lambda task's TimeoutSeconds is real seconds.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '#domain/time/clock.ts';
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
import { toHistoryEvents, type HistoryEvent, type HistoryEventRecord } from './history.ts';
import { runSegment, type OpenCallback, type ResumeOutcome, type SegmentServices } from './segment.ts';
import { statesTimeoutErrorFactory } from './states-timeout-error.ts';
import {
  RuntimeStore,
  timerSortKey,
  type CallbackOutcome,
  type ExecutionRecord,
  type ExecutionStatus,
  type TimerRecord,
  type TokenRecord,
  type WorkItem,
} from './store.ts';
import { looksLikeToken, newToken, sha256Hex } from './tokens.ts';
import { WorkQueue } from './work-queue.ts';

export type LocalFunction = (payload: unknown) => Promise<unknown>;

export interface LocalStepFunctionsOptions {
  dynamo: DynamoDBClient;
  /** The runtime's own table (created if missing). */
  tableName?: string;
  clock: Clock;
  /** Local Lambda functions by name (`FunctionName` may be a function ARN or a bare name). Read at each call. */
  functions: Record<string, LocalFunction>;
  region?: string;
  accountId?: string;
  /** Pause between Retry attempts, in real milliseconds (default 0: retries do not wait). */
  retryIntervalMs?: number;
  /** Told of failures of the runtime itself (the work item stays pending). Default: console.error. */
  onInternalError?: (error: unknown) => void;
}

export interface StartExecutionRequest {
  stateMachineArn: string;
  name?: string;
  input?: string;
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
  input: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
}

interface RegisteredMachine {
  arn: string;
  name: string;
  definition: AslDefinition;
  text: string;
  hash: string;
  states: Map<string, StateInfo>;
}

const DEFAULT_PAGE_SIZE = 100;

function pageOf<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): { page: T[]; nextToken?: string } {
  const offset = nextToken ? Number(Buffer.from(nextToken, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new SfnApiError('ValidationException', 'Invalid nextToken');
  const size = maxResults && maxResults > 0 ? maxResults : DEFAULT_PAGE_SIZE;
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

export class LocalStepFunctions {
  readonly region: string;
  readonly accountId: string;
  readonly #clock: Clock;
  readonly #functions: Record<string, LocalFunction>;
  readonly #store: RuntimeStore;
  readonly #queue: WorkQueue;
  readonly #retryIntervalMs: number;
  readonly #machines = new Map<string, RegisteredMachine>();
  readonly #machinesByHash = new Map<string, RegisteredMachine>();
  readonly #persistedDefinitions = new Set<string>();
  #statesTimeoutError: (() => Error) | undefined;

  constructor(options: LocalStepFunctionsOptions) {
    this.region = options.region ?? 'eu-west-3';
    this.accountId = options.accountId ?? '000000000000';
    this.#clock = options.clock;
    this.#functions = options.functions;
    this.#retryIntervalMs = options.retryIntervalMs ?? 0;
    this.#store = new RuntimeStore(options.dynamo, options.tableName ?? 'local-stepfunctions');
    const onInternalError = options.onInternalError ?? ((error: unknown) => console.error('local Step Functions: internal failure', error));
    this.#queue = new WorkQueue(this.#store, (item) => this.#process(item), onInternalError);
  }

  get tableName(): string {
    return this.#store.tableName;
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  /** Creates the table if missing, then re-runs every unfinished work item. Register state machines first. */
  async start(): Promise<void> {
    await this.#store.ensureTable();
    this.#statesTimeoutError = await statesTimeoutErrorFactory();
    this.recover();
  }

  /** Runs every pending work item again (left by a crash, or blocked by an internal failure). */
  recover(): void {
    this.#queue.recover();
  }

  /** Resolves when no work item is pending or running. Never await it from inside a Lambda function (deadlock). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async close(): Promise<void> {
    await this.#queue.close();
  }

  // ── state machines ─────────────────────────────────────────────────────────────────────────

  /** Registers (or replaces) a state machine; running executions keep the definition they started with. */
  registerStateMachine(name: string, definition: AslDefinition): string {
    if (!isValidResourceName(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
    assertRunnableLocally(definition);
    const arn = stateMachineArn({ region: this.region, accountId: this.accountId }, name);
    const text = JSON.stringify(definition);
    const hash = sha256Hex(text);
    const machine: RegisteredMachine = {
      arn,
      name,
      definition: JSON.parse(text) as AslDefinition,
      text,
      hash,
      states: statesOf(definition),
    };
    this.#machines.set(arn, machine);
    this.#machinesByHash.set(`${arn}#${hash}`, machine);
    return arn;
  }

  async #machineOf(execution: ExecutionRecord): Promise<RegisteredMachine> {
    const key = `${execution.stateMachineArn}#${execution.definitionHash}`;
    const known = this.#machinesByHash.get(key);
    if (known) return known;
    const text = await this.#store.getDefinition(execution.stateMachineArn, execution.definitionHash);
    if (!text) throw new Error(`definition ${key} of execution ${execution.executionArn} is missing`);
    const definition = JSON.parse(text) as AslDefinition;
    const machine: RegisteredMachine = {
      arn: execution.stateMachineArn,
      name: stateMachineNameOf(execution.stateMachineArn),
      definition,
      text,
      hash: execution.definitionHash,
      states: statesOf(definition),
    };
    this.#machinesByHash.set(key, machine);
    return machine;
  }

  // ── executions ─────────────────────────────────────────────────────────────────────────────

  /**
   * Idempotent by name, as in AWS: the same name and input while RUNNING returns the same
   * execution; another input, or a closed execution, is `ExecutionAlreadyExists`.
   */
  startExecution(request: StartExecutionRequest): Promise<StartExecutionResult> {
    return this.#startExecution(request);
  }

  async #startExecution(request: StartExecutionRequest, startedBy?: { executionArn: string; seed: string }): Promise<StartExecutionResult> {
    const machine = this.#machines.get(request.stateMachineArn);
    if (!machine) {
      if (!isStateMachineArn(request.stateMachineArn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${request.stateMachineArn}'`);
      throw stateMachineDoesNotExist(request.stateMachineArn);
    }
    const name = request.name ?? randomUUID();
    if (!isValidResourceName(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    if (!isJson(input)) throw new SfnApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${input}'`);
    const executionArn = executionArnOf(machine.arn, name);
    const existing = await this.#store.getExecution(executionArn);
    if (existing) return this.#sameStartOrRefuse(existing, input, startedBy);

    if (!this.#persistedDefinitions.has(`${machine.arn}#${machine.hash}`)) {
      await this.#store.putDefinition(machine.arn, machine.hash, machine.text);
      this.#persistedDefinitions.add(`${machine.arn}#${machine.hash}`);
    }
    const startDate = this.#clock.now().toISOString();
    const timeLimitSeconds = executionTimeLimitSeconds(machine.definition);
    // The time-limit timer goes first: an execution never exists without it.
    await this.#store.putTimer('execution-timeout', addSeconds(startDate, timeLimitSeconds), executionArn, executionArn);
    const record: ExecutionRecord = {
      executionArn,
      name,
      stateMachineArn: machine.arn,
      definitionHash: machine.hash,
      input,
      status: 'RUNNING',
      startDate,
      version: 0,
      historyChunks: 0,
      timeLimitSeconds,
    };
    if (startedBy) record.startedBy = startedBy;
    const created = await this.#store.createExecution(record, { seq: await this.#store.nextWorkSeq(), baseToken: newToken() });
    if (!created) {
      const winner = await this.#store.getExecution(executionArn);
      if (!winner) throw new Error(`execution ${executionArn} vanished`);
      return this.#sameStartOrRefuse(winner, input, startedBy);
    }
    this.#queue.kick();
    return { executionArn, startDate: new Date(startDate) };
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

  async #existingExecution(executionArn: string): Promise<ExecutionRecord> {
    if (!isExecutionArn(executionArn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    const execution = await this.#store.getExecution(executionArn);
    if (!execution) throw executionDoesNotExist(executionArn);
    return execution;
  }

  async describeExecution(request: { executionArn: string }): Promise<ExecutionDescription> {
    const e = await this.#existingExecution(request.executionArn);
    const description: ExecutionDescription = {
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: new Date(e.startDate),
      input: e.input,
      inputDetails: { included: true },
    };
    if (e.stopDate) description.stopDate = new Date(e.stopDate);
    if (e.output !== undefined) {
      description.output = e.output;
      description.outputDetails = { included: true };
    }
    if (e.error !== undefined) description.error = e.error;
    if (e.cause !== undefined) description.cause = e.cause;
    return description;
  }

  async listExecutions(request: {
    stateMachineArn: string;
    statusFilter?: ExecutionStatus;
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
    if (!this.#machines.has(request.stateMachineArn)) {
      if (!isStateMachineArn(request.stateMachineArn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${request.stateMachineArn}'`);
      throw stateMachineDoesNotExist(request.stateMachineArn);
    }
    const all = (await this.#store.executionsOf(request.stateMachineArn)).filter(
      (e) => !request.statusFilter || e.status === request.statusFilter,
    );
    const { page, nextToken } = pageOf(all, request.maxResults, request.nextToken);
    const executions = page.map((e) => {
      const item: ExecutionListItem = {
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: new Date(e.startDate),
      };
      if (e.stopDate) item.stopDate = new Date(e.stopDate);
      return item;
    });
    return nextToken ? { executions, nextToken } : { executions };
  }

  async getExecutionHistory(request: {
    executionArn: string;
    reverseOrder?: boolean;
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
    const e = await this.#existingExecution(request.executionArn);
    const records: HistoryEventRecord[] = [
      {
        type: 'ExecutionStarted',
        timestamp: e.startDate,
        details: { input: e.input, inputDetails: { truncated: false }, roleArn: this.#roleArn() },
      },
      ...(await this.#store.historyChunks(e.executionArn, e.historyChunks)),
    ];
    const closing = this.#closingEvent(e);
    if (closing) records.push(closing);
    let events = toHistoryEvents(records);
    if (request.reverseOrder) events = events.reverse();
    const { page, nextToken } = pageOf(events, request.maxResults, request.nextToken);
    return nextToken ? { events: page, nextToken } : { events: page };
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
  async stopExecution(request: { executionArn: string; error?: string; cause?: string }): Promise<{ stopDate: Date }> {
    for (;;) {
      const e = await this.#existingExecution(request.executionArn);
      if (e.status !== 'RUNNING') return { stopDate: new Date(e.stopDate ?? e.startDate) };
      const stopDate = this.#clock.now().toISOString();
      const close: { status: 'ABORTED'; stopDate: string; error?: string; cause?: string } = { status: 'ABORTED', stopDate };
      if (request.error !== undefined) close.error = request.error;
      if (request.cause !== undefined) close.cause = request.cause;
      if (await this.#store.closeExecution(e.executionArn, close)) {
        if (e.park?.kind === 'callback') await this.#store.closeToken(e.park.id);
        return { stopDate: new Date(stopDate) };
      }
    }
  }

  // ── callbacks ──────────────────────────────────────────────────────────────────────────────

  async #pendingToken(taskToken: unknown): Promise<TokenRecord> {
    if (!looksLikeToken(taskToken)) throw invalidToken();
    const token = await this.#store.getToken(taskToken);
    if (!token) throw invalidToken();
    if (token.status !== 'PENDING') throw taskTimedOut();
    const execution = await this.#store.getExecution(token.executionArn);
    if (execution?.status !== 'RUNNING') throw taskTimedOut();
    return token;
  }

  async #answer(taskToken: string, outcome: CallbackOutcome): Promise<void> {
    const token = await this.#pendingToken(taskToken);
    const answered = await this.#store.resolveToken(token.token, outcome, { seq: await this.#store.nextWorkSeq(), baseToken: newToken() });
    if (!answered) throw taskTimedOut();
    this.#queue.kick();
  }

  /** The state's result becomes `output` (JSON text). A token answered, timed out, or of a closed execution: `TaskTimedOut`. */
  async sendTaskSuccess(request: { taskToken: string; output: string }): Promise<void> {
    if (!isJson(request.output)) throw new SfnApiError('InvalidOutput', `Invalid Output: '${String(request.output)}'`);
    if (!looksLikeToken(request.taskToken)) throw invalidToken();
    await this.#answer(request.taskToken, { kind: 'success', output: request.output });
  }

  /** The state fails with `error`/`cause` (Retry and Catch apply). */
  async sendTaskFailure(request: { taskToken: string; error?: string; cause?: string }): Promise<void> {
    const outcome: CallbackOutcome = { kind: 'failure' };
    if (request.error !== undefined) outcome.error = request.error;
    if (request.cause !== undefined) outcome.cause = request.cause;
    await this.#answer(request.taskToken, outcome);
  }

  /** Restarts the HeartbeatSeconds countdown of a pending callback task. */
  async sendTaskHeartbeat(request: { taskToken: string }): Promise<void> {
    const token = await this.#pendingToken(request.taskToken);
    if (token.heartbeatSeconds === undefined) return;
    const dueAt = addSeconds(this.#clock.now(), token.heartbeatSeconds);
    await this.#store.putTimer('heartbeat', dueAt, token.executionArn, token.token);
    if (!(await this.#store.setHeartbeatDue(token.token, dueAt))) throw taskTimedOut();
  }

  // ── time ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Fires every timer due at or before `clock.now()`, in due order (each instant's work done
   * before the next instant's timers fire), and returns when the resulting work is done.
   * Returns how many timers fired.
   */
  async runDueTimers(): Promise<number> {
    let fired = 0;
    await this.idle();
    for (;;) {
      const due = await this.#store.dueTimers(this.#clock.now().toISOString());
      const first = due[0];
      if (!first) return fired;
      for (const timer of due.filter((t) => t.dueAt === first.dueAt)) {
        await this.#fire(timer);
        fired += 1;
      }
      await this.idle();
    }
  }

  async #fire(timer: TimerRecord): Promise<void> {
    switch (timer.kind) {
      case 'wait': {
        const execution = await this.#store.getExecution(timer.executionArn);
        // A crashed attempt of the parking segment may have left a timer at another instant: only the committed one fires.
        if (execution?.status === 'RUNNING' && execution.park?.id === timer.ref && execution.park.dueAt === timer.dueAt) {
          await this.#store.fireWaitTimer(timer, { seq: await this.#store.nextWorkSeq(), baseToken: newToken() });
          this.#queue.kick();
        } else {
          await this.#store.deleteTimer(timer.sk);
        }
        return;
      }
      case 'task-timeout':
      case 'heartbeat': {
        const error = timer.kind === 'task-timeout' ? 'States.Timeout' : 'States.HeartbeatTimeout';
        const work = { seq: await this.#store.nextWorkSeq(), baseToken: newToken() };
        const requireDue = timer.kind === 'heartbeat' ? timer.dueAt : undefined;
        if (await this.#store.resolveToken(timer.ref, { kind: 'timeout', error }, work, requireDue)) this.#queue.kick();
        await this.#store.deleteTimer(timer.sk);
        return;
      }
      case 'execution-timeout': {
        const execution = await this.#store.getExecution(timer.executionArn);
        const limitReached = execution?.status === 'RUNNING' && addSeconds(execution.startDate, execution.timeLimitSeconds) === timer.dueAt;
        if (execution && limitReached) {
          const closed = await this.#store.closeExecution(
            execution.executionArn,
            {
              status: 'TIMED_OUT',
              stopDate: timer.dueAt,
              error: 'States.Timeout',
              cause: `The execution reached its time limit of ${execution.timeLimitSeconds} seconds`,
            },
            execution.startDate,
          );
          if (closed && execution.park?.kind === 'callback') await this.#store.closeToken(execution.park.id);
        }
        await this.#store.deleteTimer(timer.sk);
        return;
      }
    }
  }

  // ── the worker's side ──────────────────────────────────────────────────────────────────────

  async #resumeOutcome(item: WorkItem): Promise<ResumeOutcome | undefined> {
    if (item.kind === 'wait-elapsed') return { kind: 'wait-elapsed' };
    const token = await this.#store.getToken(item.parkId ?? '');
    return token?.outcome;
  }

  /** Runs one work item: a segment, then its commit (or the item is dropped if its execution moved on). */
  async #process(item: WorkItem): Promise<void> {
    const execution = await this.#store.getExecution(item.executionArn);
    const resumable =
      execution?.status === 'RUNNING' && (item.kind === 'start' ? execution.park === undefined : execution.park?.id === item.parkId);
    if (!execution || !resumable) {
      await this.#store.dequeue(item);
      return;
    }
    let resume: { state: string; outcome: ResumeOutcome; retryAttempts?: number[] } | undefined;
    if (item.kind !== 'start') {
      const outcome = await this.#resumeOutcome(item);
      const park = execution.park;
      if (!outcome || !park) {
        await this.#store.dequeue(item);
        return;
      }
      resume = { state: park.state, outcome };
      if (park.retryAttempts) resume.retryAttempts = park.retryAttempts;
    }
    const machine = await this.#machineOf(execution);
    const park = execution.park;
    const result = await runSegment(
      {
        definition: machine.definition,
        states: machine.states,
        machineArn: machine.arn,
        machineName: machine.name,
        execution: {
          arn: execution.executionArn,
          name: execution.name,
          input: JSON.parse(execution.input),
          startDate: execution.startDate,
          roleArn: this.#roleArn(),
        },
        startAt: park ? park.state : machine.definition.StartAt,
        input: park ? JSON.parse(park.rawInput) : JSON.parse(execution.input),
        ...(resume ? { resume } : {}),
        baseToken: item.baseToken,
      },
      this.#segmentServices(execution),
    );

    await this.#store.putHistoryChunk(execution.executionArn, execution.historyChunks + 1, result.events);
    const end = result.end;
    if (end.kind === 'parked' && end.park.kind === 'wait') {
      await this.#store.putTimer('wait', end.park.dueAt as string, execution.executionArn, end.park.id);
    }
    const stopDate = this.#clock.now().toISOString();
    const committed = await this.#store.commitSegment(
      execution.executionArn,
      execution.version,
      end.kind === 'parked'
        ? { park: end.park }
        : end.kind === 'succeeded'
          ? { status: 'SUCCEEDED', stopDate, output: end.output }
          : {
              status: 'FAILED',
              stopDate,
              ...(end.error !== undefined ? { error: end.error } : {}),
              ...(end.cause !== undefined ? { cause: end.cause } : {}),
            },
    );
    if (item.kind !== 'start' || !committed) await this.#store.dequeue(item);
    if (committed && end.kind !== 'parked') {
      const limit = addSeconds(execution.startDate, execution.timeLimitSeconds);
      await this.#store.deleteTimer(timerSortKey('execution-timeout', limit, execution.executionArn));
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
      invokeFunction: async (name, payload) => {
        const fn = this.#functions[name];
        if (!fn) throw stateError('Lambda.ResourceNotFoundException', `Function not found: ${name}`);
        return fn(payload);
      },
      openCallback: (callback) => this.#openCallback(execution.executionArn, callback),
      closeCallback: async (token) => {
        await this.#store.closeToken(token);
      },
      startExecution: (request) =>
        this.#startExecution(
          { stateMachineArn: request.stateMachineArn, name: request.name, input: request.input },
          { executionArn: execution.executionArn, seed: request.seed },
        ),
    };
  }

  async #openCallback(executionArn: string, callback: OpenCallback): Promise<void> {
    const enteredAt = callback.enteredAt.toISOString();
    const record: TokenRecord = {
      token: callback.token,
      executionArn,
      stateName: callback.stateName,
      status: 'PENDING',
      createdAt: enteredAt,
    };
    if (callback.timeoutSeconds !== undefined) record.timeoutAt = addSeconds(enteredAt, callback.timeoutSeconds);
    if (callback.heartbeatSeconds !== undefined) {
      record.heartbeatSeconds = callback.heartbeatSeconds;
      record.heartbeatDueAt = addSeconds(enteredAt, callback.heartbeatSeconds);
    }
    // A re-run segment finds the token its crashed run created: same timers, same answer if any.
    const token = await this.#store.createOrGetToken(record);
    if (token.status !== 'PENDING') return;
    if (token.timeoutAt) await this.#store.putTimer('task-timeout', token.timeoutAt, executionArn, token.token);
    if (token.heartbeatDueAt) await this.#store.putTimer('heartbeat', token.heartbeatDueAt, executionArn, token.token);
  }
}

/**
 * An execution's run: aws-local-stepfunctions runs the definition from a resume point (the start,
 * a parked callback task, a parked Wait state), and the run is cut into segments at its park
 * points — each segment is what the runtime commits. Every Task goes through a local handler here:
 *  - lambda tasks call the local function (real-time TimeoutSeconds, errors named as AWS names them);
 *  - a callback task opens its token, invokes its function, then PARKS: the segment ends there,
 *    with the state's raw input (from its StateEntered event) as the park point;
 *  - a top-level Wait (turned into a local Task by `segmentDefinition`) parks until its instant
 *    by the runtime's clock, or goes on at once if that instant has passed;
 *  - `states:startExecution` starts another execution of the runtime.
 * A parked run stays in memory, its handler waiting: `resume()` hands it the outcome (callback
 * output or error, timeout, elapsed Wait) and the same library run goes on (a warm resume). A run
 * started at a park point instead (after a restart, or once the parked run was dropped) is a cold
 * resume: the first call of that state's handler delivers the outcome. Either way ResultSelector,
 * ResultPath, Retry, Catch and the states after it then apply as in AWS, and the segment hands
 * out the same tokens.
 */
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Clock } from '#domain/time/clock.ts';
import { lambdaFunctionName } from './arns.ts';
import {
  DURABLE_EXECUTION_CONTEXT_KEY,
  MAX_HISTORY_EVENTS,
  segmentDefinition,
  statesWithRetry,
  type AslDefinition,
  type AslState,
  type StateInfo,
} from './definition.ts';
import { SfnApiError, stateError, statesRuntimeError } from './errors.ts';
import { ChunkWriter, jsonText, SAME_AS_INPUT, SAME_AS_LAST_OUTPUT } from './history.ts';
import { readReferencePath } from './reference-path.ts';
import type { CallbackOutcome, ParkPoint } from './store.ts';
import { deriveToken, deriveUuid } from './tokens.ts';

export type ResumeOutcome = CallbackOutcome | { kind: 'wait-elapsed' };

export interface SegmentStart {
  definition: AslDefinition;
  states: Map<string, StateInfo>;
  machineArn: string;
  machineName: string;
  execution: { arn: string; name: string; input: unknown; startDate: string; roleArn: string };
  startAt: string;
  input: unknown;
  resume?: { state: string; outcome: ResumeOutcome; retryAttempts?: number[] };
  /** The segment's base token: its callbacks, Wait park ids and child names derive from it. */
  baseToken: string;
  /** Events already in the execution's history (ExecutionStarted included). */
  eventsBefore: number;
}

export interface OpenCallback {
  token: string;
  stateName: string;
  enteredAt: Date;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

export interface SegmentServices {
  clock: Clock;
  region: string;
  retryIntervalMs: number;
  invokeFunction(name: string, payload: unknown): Promise<unknown>;
  /** Makes the token known (durably) before its function is invoked, with its timeout timers. */
  openCallback(callback: OpenCallback): Promise<void>;
  /** The callback's function failed: the token will never be answered. */
  closeCallback(token: string): Promise<void>;
  startExecution(request: {
    stateMachineArn: string;
    name: string;
    input: string;
    seed: string;
  }): Promise<{ executionArn: string; startDate: Date }>;
  statesTimeoutError(): Error;
}

export type SegmentEnd =
  | { kind: 'parked'; park: ParkPoint }
  | { kind: 'succeeded'; output: string }
  | { kind: 'failed'; error?: string; cause?: string };

export interface SegmentResult {
  end: SegmentEnd;
  /** The segment's history events (history.ts). */
  chunk: ChunkWriter;
}

interface LibraryEvent {
  type: string;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
  index?: number;
  retry?: { retrier: unknown };
}

interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
  [field: string]: unknown;
}

const DEFAULT_MAX_ATTEMPTS = 3;
/** resourceType and resource of a callback task's history events. */
const CALLBACK_RESOURCE = ['lambda', 'invoke.waitForTaskToken'] as const;

type Handler = (input: unknown) => Promise<unknown>;

/**
 * Thrown into the library once the segment stopped (parked, or an internal failure), and the
 * reason its run is aborted with: ends its pending work. One instance (a segment parks at every
 * callback and Wait).
 */
const SEGMENT_STOPPED = stateError('Local.SegmentStopped', 'segment stopped');

/** A real-time task timeout (lambda tasks only: the function runs now, not on the runtime's clock). */
class RealTimeTimeout extends Error {}

const SECONDS_FIELDS = {
  Timeout: ['TimeoutSeconds', 'TimeoutSecondsPath'],
  Heartbeat: ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
} as const;

const macrotaskTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The events of a library run that the segment reads. */
type EventListener = (event: LibraryEvent) => void;

const definitionCopies = new WeakMap<AslDefinition, Map<string, AslDefinition>>();

/** The copy a segment starting at `startAt` runs: made once per definition, then only its StartAt differs. */
function cachedSegmentDefinition(definition: AslDefinition, startAt: string): AslDefinition {
  let copies = definitionCopies.get(definition);
  if (!copies) definitionCopies.set(definition, (copies = new Map()));
  let copy = copies.get(startAt);
  if (!copy) {
    let first = copies.get(definition.StartAt);
    if (!first) copies.set(definition.StartAt, (first = segmentDefinition(definition, definition.StartAt)));
    copy = startAt === definition.StartAt ? first : { ...first, StartAt: startAt };
    copies.set(startAt, copy);
  }
  return copy;
}

const retryIntervalsOf = new WeakMap<AslDefinition, Record<string, number>>();

/** The pause between Retry attempts for every state with a Retry field, once per definition (a definition object belongs to one runtime). */
function retryIntervals(definition: AslDefinition, intervalMs: number): Record<string, number> {
  let intervals = retryIntervalsOf.get(definition);
  if (!intervals)
    retryIntervalsOf.set(definition, (intervals = Object.fromEntries(statesWithRetry(definition).map((name) => [name, intervalMs]))));
  return intervals;
}

/**
 * The copy a resumed segment runs, where the parked state's retriers keep only the attempts
 * left: the library counts retries per run, AWS per state entry, which may span several segments.
 */
function withRetryBudget(copy: AslDefinition, stateName: string, spent: number[] | undefined): AslDefinition {
  const state = copy.States[stateName];
  if (!state || !Array.isArray(state.Retry) || !spent?.some((n) => n > 0)) return copy;
  const Retry = (state.Retry as Retrier[]).map((retrier, i) => ({
    ...retrier,
    MaxAttempts: Math.max(0, (retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS) - (spent[i] ?? 0)),
  }));
  return { ...copy, States: { ...copy.States, [stateName]: { ...state, Retry } } };
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const NOT_PLAIN = Symbol('not plain JSON data');

/** A copy of plain JSON data (null, booleans, finite numbers, strings, arrays, plain objects), or NOT_PLAIN. */
function plainCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const copy: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = plainCopy(value[i]);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          copy[i] = item;
        }
        return copy;
      }
      const prototype = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) return NOT_PLAIN;
      const copy: Record<string, unknown> = {};
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const copied = plainCopy((value as Record<string, unknown>)[key]);
        if (copied === NOT_PLAIN || key === '__proto__') return NOT_PLAIN;
        copy[key] = copied;
      }
      return copy;
    }
    default:
      return NOT_PLAIN;
  }
}

/** The value as JSON carries it (what a Lambda function receives, and what it returns): copied, Dates as strings, undefined dropped. */
function jsonRoundTrip(value: unknown): unknown {
  const copy = plainCopy(value);
  if (copy !== NOT_PLAIN) return copy;
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** The error Step Functions reports for a Lambda function that threw (`Cause` is the function's error JSON). */
function lambdaFunctionError(thrown: unknown): Error {
  const errorType = thrown instanceof Error ? thrown.name : 'Error';
  const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);
  return stateError(errorType, JSON.stringify({ errorMessage, errorType }));
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw statesRuntimeError(`${what} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

interface Deferred<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): { promise: Promise<T> } & Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class ExecutionRun {
  readonly #start: SegmentStart;
  readonly #services: SegmentServices;
  #chunk = new ChunkWriter();
  /**
   * The top-level state last entered in this segment: the one a top-level StateExited leaves when
   * it was entered in this segment (top-level states run one at a time), whose output may then be
   * left out as equal to its input.
   */
  #topLevelEnteredInChunk: string | undefined;
  #lastEnteredState: string | undefined;
  /** The output of the last state exited in this segment: the input of the next one (history.ts). */
  #lastOutput: unknown = SAME_AS_LAST_OUTPUT;
  readonly #lastEnteredInput = new Map<string, unknown>();
  readonly #context: Record<string, unknown>;
  /** The current segment's base token, and what it handed out so far. */
  #base: string;
  #eventsBefore: number;
  #derivations = 0;
  #childStarts = 0;
  #resumePending: boolean;
  #skipEntryOf: string | undefined;
  #stopped = false;
  #segment: Deferred<SegmentResult> | undefined;
  /** While parked: the park point, and the handler waiting for its outcome. */
  #parked: (Deferred<ResumeOutcome> & { park: ParkPoint }) | undefined;
  #abortRun: (reason: unknown) => void = () => {};
  #runningCopy: AslDefinition | undefined;
  /** Retries spent per retrier, by top-level state, since the state was entered. */
  readonly #retriesSpent = new Map<string, number[]>();

  constructor(start: SegmentStart, services: SegmentServices) {
    this.#start = start;
    this.#services = services;
    this.#base = start.baseToken;
    this.#eventsBefore = start.eventsBefore;
    this.#resumePending = start.resume !== undefined;
    this.#skipEntryOf = start.resume?.state;
    if (start.resume?.retryAttempts) this.#retriesSpent.set(start.resume.state, [...start.resume.retryAttempts]);
    const execution = { Id: start.execution.arn, Name: start.execution.name, RoleArn: start.execution.roleArn, RedriveCount: 0 };
    // Read at each `$$.Task.Token` evaluation: the token the next callback of this segment gets.
    const nextToken = () => deriveToken(this.#base, this.#derivations);
    this.#context = {
      Execution: execution,
      [DURABLE_EXECUTION_CONTEXT_KEY]: { ...execution, Input: start.execution.input, StartTime: start.execution.startDate },
      StateMachine: { Id: start.machineArn, Name: start.machineName },
      Task: {
        get Token() {
          return nextToken();
        },
      },
    };
  }

  /** The park point the run waits at, if it is parked. */
  get parkedAt(): string | undefined {
    return this.#parked?.park.id;
  }

  /** Starts the library run; resolves with its first segment. */
  begin(): Promise<SegmentResult> {
    const segment = this.#nextSegment();
    const copy = withRetryBudget(
      cachedSegmentDefinition(this.#start.definition, this.#start.startAt),
      this.#start.startAt,
      this.#start.resume?.retryAttempts,
    );
    this.#runningCopy = copy;
    const machine = new StateMachine(copy as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
    // `onEvent` (patches/aws-local-stepfunctions+3.0.0.patch): each event as it happens, before the state's handler runs.
    const onEvent: EventListener = (event) => this.#onLibraryEvent(event);
    const execution = machine.run(this.#start.input as never, {
      overrides: {
        taskResourceLocalHandlers: this.#handlers() as never,
        retryIntervalOverrides: retryIntervals(this.#start.definition, this.#services.retryIntervalMs),
      },
      noThrowOnAbort: true,
      context: this.#context,
      onEvent: onEvent as never,
    });
    this.#abortRun = execution.abort;
    execution.result.then(
      (output) => this.#endSegment({ kind: 'succeeded', output: jsonText(output) }),
      (failure: unknown) => this.#endSegment(this.#failureEnd(failure)),
    );
    return segment;
  }

  /** Hands the outcome of its park point to the parked run, which goes on; resolves with the next segment. */
  resume(outcome: ResumeOutcome, baseToken: string, eventsBefore: number): Promise<SegmentResult> {
    const parked = this.#parked;
    if (!parked || this.#stopped) throw new Error('the run is not parked');
    this.#parked = undefined;
    this.#base = baseToken;
    this.#eventsBefore = eventsBefore;
    this.#derivations = 0;
    this.#childStarts = 0;
    const segment = this.#nextSegment();
    parked.resolve(outcome);
    return segment;
  }

  /** Drops the run: nothing more of it runs (its execution was stopped, its commit failed, or it was evicted). */
  abort(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abortRun(SEGMENT_STOPPED);
    this.#parked?.reject(SEGMENT_STOPPED);
    this.#parked = undefined;
  }

  #nextSegment(): Promise<SegmentResult> {
    const segment = deferred<SegmentResult>();
    this.#segment = segment;
    return segment.promise;
  }

  /** The current segment ends (parked, or the run ended): hands over its events. A run that was stopped hands over nothing. */
  #endSegment(end: SegmentEnd): void {
    const segment = this.#segment;
    this.#segment = undefined;
    if (!segment || (this.#stopped && end.kind !== 'parked')) return;
    const chunk = this.#chunk;
    this.#chunk = new ChunkWriter();
    this.#lastOutput = SAME_AS_LAST_OUTPUT;
    this.#lastEnteredState = undefined;
    this.#topLevelEnteredInChunk = undefined;
    segment.resolve({ end, chunk });
  }

  #failureEnd(failure: unknown): SegmentEnd {
    const error = failure instanceof ExecutionError ? (failure.cause as Error) : (failure as Error);
    const end: SegmentEnd = { kind: 'failed' };
    let name: string | undefined = error?.name;
    let cause: string | undefined = error?.message;
    const lastState = this.#lastStateEntered();
    if (lastState?.type === 'Fail') {
      // A Fail state without Error/Cause fails the execution without them (the library puts placeholders).
      const fail = lastState.definition;
      if (fail.Error === undefined && fail.ErrorPath === undefined) name = undefined;
      if (fail.Cause === undefined && fail.CausePath === undefined) cause = undefined;
    }
    if (name) end.error = name;
    if (cause) end.cause = cause;
    return end;
  }

  #lastStateEntered(): StateInfo | undefined {
    return this.#lastEnteredState === undefined ? undefined : this.#start.states.get(this.#lastEnteredState);
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Records a history event, `[type, 0, ...fields]`: its fields in the order history.ts gives them,
   * inputs and outputs as values; the 0 is its time, set here. An array literal at each call is one
   * allocation of the event's size (a rest parameter `unshift`ed cost V8 a runtime call and a grown
   * copy per event: about a quarter of the CPU profile's samples in the recording of events).
   */
  #record(event: unknown[]): void {
    this.#chunk.add(event, this.#services.clock.now().getTime());
    // The closing ExecutionFailed takes the last place.
    if (this.#eventsBefore + this.#chunk.events >= MAX_HISTORY_EVENTS - 1 && !this.#stopped) this.#historyFull();
  }

  /** The execution fails, as on AWS, when its history is full: nothing more of the run goes on. */
  #historyFull(): never {
    const cause = `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`;
    this.#endSegment({ kind: 'failed', error: 'States.Runtime', cause });
    this.abort();
    throw SEGMENT_STOPPED;
  }

  #onLibraryEvent(event: LibraryEvent): void {
    const state = event.state;
    switch (event.type) {
      case 'StateEntered': {
        const info = state && this.#start.states.get(state.name);
        if (!state || !info) return;
        this.#lastEnteredInput.set(state.name, state.input);
        if (this.#skipEntryOf === state.name) {
          this.#skipEntryOf = undefined; // entered in the segment that parked there
          return;
        }
        if (this.#retriesSpent.size > 0) this.#retriesSpent.delete(state.name); // a new entry: a fresh Retry budget
        this.#lastEnteredState = state.name;
        if (info.depth === 0) this.#topLevelEnteredInChunk = state.name;
        this.#record([info.events.entered, 0, state.name, state.input === this.#lastOutput ? SAME_AS_LAST_OUTPUT : state.input]);
        if (info.type === 'Map' || info.type === 'Parallel') this.#record([info.events.started, 0]);
        return;
      }
      case 'StateExited': {
        const info = state && this.#start.states.get(state.name);
        if (!state || !info) return;
        if (info.type === 'Map' || info.type === 'Parallel') this.#record([info.events.succeeded, 0]);
        // Top-level states run one at a time (a Map's iterations may interleave the same states).
        const topLevel = info.depth === 0;
        if (topLevel) this.#lastEnteredInput.delete(state.name);
        const same = topLevel && info.outputIsInput && this.#topLevelEnteredInChunk === state.name;
        this.#record([info.events.exited, 0, state.name, same ? SAME_AS_INPUT : state.output]);
        this.#lastOutput = state.output;
        return;
      }
      case 'StateRetried': {
        const retriers = this.#runningCopy?.States[state?.name ?? '']?.Retry;
        if (!state || !Array.isArray(retriers)) return; // only top-level states park, so only theirs matter
        const index = retriers.indexOf(event.retry?.retrier);
        if (index < 0) return;
        const spent = this.#retriesSpent.get(state.name) ?? retriers.map(() => 0);
        spent[index] = (spent[index] ?? 0) + 1;
        this.#retriesSpent.set(state.name, spent);
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.#record([event.type, 0, event.parentState?.name, event.index]);
        return;
      default:
        return;
    }
  }

  // ── handlers ────────────────────────────────────────────────────────────────────────────────

  /**
   * The local handler of every Task state and top-level Wait state. The library looks a handler up
   * by state name when the state runs (`taskResourceLocalHandlers[name]`), so each is made then: a
   * run reaches a few of its definition's tasks (a segment ends at the first callback), and making
   * one per task at each run's start was ≈ 1 % of the durable run's CPU.
   */
  #handlers(): Record<string, Handler> {
    const states = this.#start.states;
    return new Proxy({} as Record<string, Handler>, {
      get: (_target, name) => {
        const info = typeof name === 'string' ? states.get(name) : undefined;
        if (!info || !((info.type === 'Task' && info.taskKind) || (info.type === 'Wait' && info.depth === 0))) return undefined;
        return (input: unknown) => this.#handle(info, input);
      },
    });
  }

  /**
   * Runs a state's handler, unless the run stopped. The events of a Parallel branch or Map
   * iteration reach the run a few turns late (the library forwards them from the nested run): a
   * nested state's handler lets them catch up, so that its StateEntered is recorded before its task events.
   */
  #handle(info: StateInfo, input: unknown): Promise<unknown> {
    if (info.depth > 0) return macrotaskTurn().then(() => this.#dispatch(info, input));
    // Not an async function: one promise less per task (a segment's tasks are most of its promises).
    try {
      return Promise.resolve(this.#dispatch(info, input));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #dispatch(info: StateInfo, input: unknown): unknown {
    if (this.#stopped) throw SEGMENT_STOPPED;
    if (this.#resumePending && this.#start.resume?.state === info.name) {
      this.#resumePending = false;
      return this.#deliver(this.#start.resume.outcome, input);
    }
    switch (info.taskKind) {
      case 'lambda':
      case 'lambda-arn':
        return this.#lambda(info, info.taskKind, input);
      case 'lambda-callback':
        return this.#callback(info, input);
      case 'start-execution':
        return this.#startExecution(info, input);
      default:
        return this.#wait(info, input);
    }
  }

  /** Stops the run on a failure of the runtime itself (not of a task): the segment fails, nothing is committed. */
  #internal(error: unknown): never {
    this.#segment?.reject(error);
    this.#segment = undefined;
    this.abort();
    throw SEGMENT_STOPPED;
  }

  /** Ends the segment at a park point, and waits there for its outcome (`resume`). */
  #parkUntilResumed(park: ParkPoint): Promise<ResumeOutcome> {
    const spent = this.#retriesSpent.get(park.state);
    if (spent?.some((n) => n > 0)) park.retryAttempts = spent;
    const waiting = deferred<ResumeOutcome>();
    this.#parked = { ...waiting, park };
    this.#endSegment({ kind: 'parked', park });
    return waiting.promise;
  }

  #rawInputOf(stateName: string): unknown {
    return this.#lastEnteredInput.get(stateName);
  }

  /** `TimeoutSecondsPath`/`HeartbeatSecondsPath`: read from the state input (after InputPath), else from the effective input. */
  #secondsField(state: AslState, field: 'Timeout' | 'Heartbeat', rawInput: unknown, effectiveInput: unknown): number | undefined {
    const [fixedField, pathField] = SECONDS_FIELDS[field];
    const fixed = state[fixedField];
    if (fixed !== undefined) return positiveInteger(fixed, fixedField);
    const path = state[pathField];
    if (typeof path !== 'string') return undefined;
    let input = rawInput;
    if (typeof state.InputPath === 'string') input = readReferencePath(state.InputPath, rawInput, this.#context);
    let value = readReferencePath(path, input, this.#context);
    if (value === undefined) value = readReferencePath(path, effectiveInput, this.#context);
    return positiveInteger(value, `${field}SecondsPath ${path}`);
  }

  /** What the parked state does with its outcome: the callback's result or error, or the end of the Wait (its input goes on). */
  #deliver(outcome: ResumeOutcome, input: unknown): unknown {
    const [resourceType, resource] = CALLBACK_RESOURCE;
    switch (outcome.kind) {
      case 'wait-elapsed':
        return input;
      case 'success': {
        const output: unknown = JSON.parse(outcome.output);
        this.#record(['TaskSucceeded', 0, resourceType, resource, output]);
        return output;
      }
      case 'failure':
        this.#record(['TaskFailed', 0, resourceType, resource, outcome.error, outcome.cause]);
        throw stateError(outcome.error ?? '', outcome.cause ?? '');
      case 'timeout':
        this.#record(['TaskTimedOut', 0, resourceType, resource, outcome.error]);
        throw outcome.error === 'States.Timeout' ? this.#services.statesTimeoutError() : stateError(outcome.error, '');
    }
  }

  #invoke(functionName: string, payload: unknown, timeoutSeconds: number | undefined): Promise<unknown> {
    const call = this.#services.invokeFunction(functionName, jsonRoundTrip(payload)).then(jsonRoundTrip);
    if (timeoutSeconds === undefined) return call;
    // One promise settled by the call or the timer, whichever comes first.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new RealTimeTimeout()), timeoutSeconds * 1000);
      call.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  async #lambda(info: StateInfo, kind: 'lambda' | 'lambda-arn', input: unknown): Promise<unknown> {
    const state = info.definition;
    const parameters = asObject(input);
    const functionName = lambdaFunctionName(String(kind === 'lambda' ? parameters.FunctionName : state.Resource));
    const payload = kind === 'lambda' ? (parameters.Payload ?? null) : input;
    const timeoutSeconds = this.#secondsField(state, 'Timeout', this.#rawInputOf(info.name), input);
    const resourceType = 'lambda';
    const resource = kind === 'lambda' ? 'invoke' : String(state.Resource);
    this.#record(['TaskScheduled', 0, resourceType, resource, this.#services.region, input, timeoutSeconds]);
    this.#record(['TaskStarted', 0, resourceType, resource]);
    let value: unknown;
    try {
      value = await this.#invoke(functionName, payload, timeoutSeconds);
    } catch (thrown) {
      if (thrown instanceof RealTimeTimeout) {
        this.#record(['TaskTimedOut', 0, resourceType, resource, 'States.Timeout']);
        throw this.#services.statesTimeoutError();
      }
      const error = lambdaFunctionError(thrown);
      this.#record(['TaskFailed', 0, resourceType, resource, error.name, error.message]);
      throw error;
    }
    const result = kind === 'lambda' ? { Payload: value, StatusCode: 200 } : value;
    this.#record(['TaskSucceeded', 0, resourceType, resource, result]);
    return result;
  }

  async #callback(info: StateInfo, input: unknown): Promise<unknown> {
    const state = info.definition;
    const token = deriveToken(this.#base, this.#derivations); // what `$$.Task.Token` gave this attempt
    this.#derivations += 1;
    const rawInput = this.#rawInputOf(info.name);
    const enteredAt = this.#services.clock.now();
    const timeoutSeconds = this.#secondsField(state, 'Timeout', rawInput, input);
    const heartbeatSeconds = this.#secondsField(state, 'Heartbeat', rawInput, input);
    const parameters = asObject(input);
    const [resourceType, resource] = CALLBACK_RESOURCE;
    this.#record(['TaskScheduled', 0, resourceType, resource, this.#services.region, input, timeoutSeconds, heartbeatSeconds]);
    const callback: OpenCallback = { token, stateName: info.name, enteredAt };
    if (timeoutSeconds !== undefined) callback.timeoutSeconds = timeoutSeconds;
    if (heartbeatSeconds !== undefined) callback.heartbeatSeconds = heartbeatSeconds;
    try {
      await this.#services.openCallback(callback);
    } catch (error) {
      this.#internal(error);
    }
    this.#record(['TaskStarted', 0, resourceType, resource]);
    let value: unknown;
    try {
      value = await this.#invoke(lambdaFunctionName(String(parameters.FunctionName)), parameters.Payload ?? null, undefined);
    } catch (thrown) {
      try {
        await this.#services.closeCallback(token);
      } catch (error) {
        this.#internal(error);
      }
      const error = lambdaFunctionError(thrown);
      this.#record(['TaskFailed', 0, resourceType, resource, error.name, error.message]);
      throw error;
    }
    this.#record(['TaskSubmitted', 0, resourceType, resource, { Payload: value, StatusCode: 200 }]);
    const park: ParkPoint = {
      id: token,
      kind: 'callback',
      state: info.name,
      rawInput: rawInput ?? null,
      enteredAt: enteredAt.toISOString(),
    };
    return this.#deliver(await this.#parkUntilResumed(park), input);
  }

  #waitEnd(state: AslState, input: unknown, now: Date): Date {
    const seconds = (value: unknown, what: string): Date => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw statesRuntimeError(`${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
      }
      return new Date(now.getTime() + value * 1000);
    };
    const timestamp = (value: unknown, what: string): Date => {
      const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
      if (Number.isNaN(date.getTime())) throw statesRuntimeError(`${what} must be an ISO 8601 timestamp, got ${JSON.stringify(value)}`);
      return date;
    };
    if (state.Seconds !== undefined) return seconds(state.Seconds, 'Seconds');
    if (state.Timestamp !== undefined) return timestamp(state.Timestamp, 'Timestamp');
    if (typeof state.SecondsPath === 'string')
      return seconds(readReferencePath(state.SecondsPath, input, this.#context), `SecondsPath ${state.SecondsPath}`);
    if (typeof state.TimestampPath === 'string')
      return timestamp(readReferencePath(state.TimestampPath, input, this.#context), `TimestampPath ${state.TimestampPath}`);
    throw statesRuntimeError('Wait state without Seconds, Timestamp, SecondsPath or TimestampPath');
  }

  async #wait(info: StateInfo, input: unknown): Promise<unknown> {
    const now = this.#services.clock.now();
    const dueAt = this.#waitEnd(info.definition, input, now);
    if (dueAt.getTime() <= now.getTime()) return input;
    const id = deriveToken(this.#base, this.#derivations);
    this.#derivations += 1;
    const park: ParkPoint = {
      id,
      kind: 'wait',
      state: info.name,
      rawInput: this.#rawInputOf(info.name) ?? null,
      enteredAt: now.toISOString(),
      dueAt: dueAt.toISOString(),
    };
    return this.#deliver(await this.#parkUntilResumed(park), input);
  }

  async #startExecution(_info: StateInfo, input: unknown): Promise<unknown> {
    const parameters = asObject(input);
    const name = typeof parameters.Name === 'string' ? parameters.Name : deriveUuid(this.#base, `start:${this.#childStarts}`);
    this.#childStarts += 1;
    const childInput =
      parameters.Input === undefined ? '{}' : typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input);
    const [resourceType, resource] = ['states', 'startExecution'];
    this.#record(['TaskScheduled', 0, resourceType, resource, this.#services.region, input]);
    this.#record(['TaskStarted', 0, resourceType, resource]);
    let started: { executionArn: string; startDate: Date };
    try {
      started = await this.#services.startExecution({
        stateMachineArn: String(parameters.StateMachineArn),
        name,
        input: childInput,
        seed: this.#base,
      });
    } catch (error) {
      if (!(error instanceof SfnApiError)) this.#internal(error);
      const failure = stateError(`StepFunctions.${error.code}Exception`, error.message);
      this.#record(['TaskFailed', 0, resourceType, resource, failure.name, failure.message]);
      throw failure;
    }
    const result = { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
    this.#record(['TaskSucceeded', 0, resourceType, resource, result]);
    return result;
  }
}

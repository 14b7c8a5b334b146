/**
 * One segment of an execution: aws-local-stepfunctions runs the definition from a resume point
 * (the start, a parked callback task, a parked Wait state) until the execution parks again or
 * ends. Every Task goes through a local handler here:
 *  - lambda tasks call the local function (real-time TimeoutSeconds, errors named as AWS names them);
 *  - a callback task opens its token, invokes its function, then PARKS: the run is aborted and the
 *    state's raw input (from the StateEntered event) becomes the park point;
 *  - a top-level Wait (turned into a local Task by `segmentDefinition`) parks until its instant
 *    by the runtime's clock, or goes on at once if that instant has passed;
 *  - `states:startExecution` starts another execution of the runtime.
 * When the segment resumes a park point, the first call of that state's handler delivers the
 * outcome (callback output or error, timeout, elapsed Wait): ResultSelector, ResultPath, Retry,
 * Catch and the states after it then apply as in AWS.
 */
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Clock } from '#domain/time/clock.ts';
import { lambdaFunctionName } from './arns.ts';
import {
  DURABLE_EXECUTION_CONTEXT_KEY,
  segmentDefinition,
  statesWithRetry,
  type AslDefinition,
  type AslState,
  type StateInfo,
  type TaskKind,
} from './definition.ts';
import { SfnApiError, stateError, statesRuntimeError } from './errors.ts';
import { jsonText, type HistoryEventRecord } from './history.ts';
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
  /** The work item's base token: the segment's callbacks, Wait park ids and child names derive from it. */
  baseToken: string;
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
  events: HistoryEventRecord[];
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

type Handler = (input: unknown) => Promise<unknown>;

/**
 * Thrown into the library once the segment stopped (parked, or an internal failure), and the
 * reason its run is aborted with: ends its pending work. One instance (a segment parks at every
 * callback and Wait).
 */
const SEGMENT_STOPPED = stateError('Local.SegmentStopped', 'segment stopped');

/** A real-time task timeout (lambda tasks only: the function runs now, not on the runtime's clock). */
class RealTimeTimeout extends Error {}

const macrotaskTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The events of a library run that the segment reads. */
type EventListener = (event: LibraryEvent) => void;

const definitionCopies = new WeakMap<AslDefinition, Map<string, AslDefinition>>();

function cachedSegmentDefinition(definition: AslDefinition, startAt: string): AslDefinition {
  let copies = definitionCopies.get(definition);
  if (!copies) definitionCopies.set(definition, (copies = new Map()));
  let copy = copies.get(startAt);
  if (!copy) copies.set(startAt, (copy = segmentDefinition(definition, startAt)));
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

function jsonRoundTrip(value: unknown): unknown {
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

export async function runSegment(start: SegmentStart, services: SegmentServices): Promise<SegmentResult> {
  return new Segment(start, services).run();
}

class Segment {
  readonly #start: SegmentStart;
  readonly #services: SegmentServices;
  readonly #events: HistoryEventRecord[] = [];
  readonly #lastEnteredInput = new Map<string, unknown>();
  readonly #context: Record<string, unknown>;
  #derivations = 0;
  #childStarts = 0;
  #resumePending: boolean;
  #skipEntryOf: string | undefined;
  #stopped = false;
  #parked: ParkPoint | undefined;
  #internalError: unknown;
  #abortRun: (reason: unknown) => void = () => {};
  #runningCopy: AslDefinition | undefined;
  /** Retries spent per retrier, by top-level state, since the state was entered. */
  readonly #retriesSpent = new Map<string, number[]>();

  constructor(start: SegmentStart, services: SegmentServices) {
    this.#start = start;
    this.#services = services;
    this.#resumePending = start.resume !== undefined;
    this.#skipEntryOf = start.resume?.state;
    if (start.resume?.retryAttempts) this.#retriesSpent.set(start.resume.state, [...start.resume.retryAttempts]);
    const execution = { Id: start.execution.arn, Name: start.execution.name, RoleArn: start.execution.roleArn, RedriveCount: 0 };
    // Read at each `$$.Task.Token` evaluation: the token the next callback of this segment gets.
    const nextToken = () => deriveToken(start.baseToken, this.#derivations);
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

  async run(): Promise<SegmentResult> {
    const resume = this.#start.resume;
    const copy = withRetryBudget(
      cachedSegmentDefinition(this.#start.definition, this.#start.startAt),
      this.#start.startAt,
      resume?.retryAttempts,
    );
    this.#runningCopy = copy;
    const machine = new StateMachine(copy as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
    const retryIntervalOverrides = retryIntervals(this.#start.definition, this.#services.retryIntervalMs);
    // `onEvent` (patches/aws-local-stepfunctions+3.0.0.patch): each event as it happens, before the state's handler runs.
    const onEvent: EventListener = (event) => this.#onLibraryEvent(event);
    const execution = machine.run(this.#start.input as never, {
      overrides: { taskResourceLocalHandlers: this.#handlers() as never, retryIntervalOverrides },
      noThrowOnAbort: true,
      context: this.#context,
      onEvent: onEvent as never,
    });
    this.#abortRun = execution.abort;
    let output: unknown;
    let failure: unknown;
    let failed = false;
    try {
      output = await execution.result;
    } catch (error) {
      failed = true;
      failure = error;
    }
    if (this.#internalError !== undefined) throw this.#internalError;
    if (this.#parked) return { end: { kind: 'parked', park: this.#parked }, events: this.#events };
    if (failed) return { end: this.#failureEnd(failure), events: this.#events };
    return { end: { kind: 'succeeded', output: jsonText(output) }, events: this.#events };
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
    for (let i = this.#events.length - 1; i >= 0; i--) {
      const event = this.#events[i] as HistoryEventRecord;
      if (event.type.endsWith('StateEntered')) return this.#start.states.get(String(event.details?.name));
    }
    return undefined;
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────────

  /** Inputs, outputs and parameters are kept as values: the chunk is serialized once, at the commit (history.ts). */
  #record(type: string, details?: Record<string, unknown>): void {
    const event: HistoryEventRecord = { type, timestamp: this.#services.clock.now().getTime() };
    if (details) event.details = details;
    this.#events.push(event);
  }

  #typeOf(stateName: string, fallback: string): string {
    return this.#start.states.get(stateName)?.type ?? fallback;
  }

  #onLibraryEvent(event: LibraryEvent): void {
    const state = event.state;
    switch (event.type) {
      case 'StateEntered': {
        if (!state) return;
        this.#lastEnteredInput.set(state.name, state.input);
        if (this.#skipEntryOf === state.name) {
          this.#skipEntryOf = undefined; // entered in the segment that parked there
          return;
        }
        this.#retriesSpent.delete(state.name); // a new entry: a fresh Retry budget
        const type = this.#typeOf(state.name, state.type);
        this.#record(`${type}StateEntered`, { name: state.name, input: state.input });
        if (type === 'Map' || type === 'Parallel') this.#record(`${type}StateStarted`);
        return;
      }
      case 'StateExited': {
        if (!state) return;
        const type = this.#typeOf(state.name, state.type);
        if (type === 'Map' || type === 'Parallel') this.#record(`${type}StateSucceeded`);
        this.#record(`${type}StateExited`, { name: state.name, output: state.output });
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
        this.#record(event.type, { name: event.parentState?.name, index: event.index });
        return;
      default:
        return;
    }
  }

  // ── handlers ────────────────────────────────────────────────────────────────────────────────

  #handlers(): Record<string, Handler> {
    const handlers: Record<string, Handler> = {};
    for (const info of this.#start.states.values()) {
      if (info.type === 'Task' && info.taskKind) handlers[info.name] = this.#guarded(info, this.#taskHandler(info, info.taskKind));
      if (info.type === 'Wait' && info.depth === 0) handlers[info.name] = this.#guarded(info, (input) => this.#wait(info, input));
    }
    return handlers;
  }

  #taskHandler(info: StateInfo, kind: TaskKind): Handler {
    switch (kind) {
      case 'lambda':
      case 'lambda-arn':
        return (input) => this.#lambda(info, kind, input);
      case 'lambda-callback':
        return (input) => this.#callback(info, input);
      case 'start-execution':
        return (input) => this.#startExecution(info, input);
    }
  }

  /**
   * Stops work once the segment stopped. The events of a Parallel branch or Map iteration reach the
   * segment a few turns late (the library forwards them from the nested run): a nested state's
   * handler lets them catch up, so that its StateEntered is recorded before its task events.
   */
  #guarded(info: StateInfo, handler: Handler): Handler {
    return async (input) => {
      if (info.depth > 0) await macrotaskTurn();
      if (this.#stopped) throw SEGMENT_STOPPED;
      if (this.#resumePending && this.#start.resume?.state === info.name) return this.#deliver(info, input);
      return handler(input);
    };
  }

  /** Stops the segment on a failure of the runtime itself (not of a task): nothing is committed. */
  #internal(error: unknown): never {
    if (this.#internalError === undefined) this.#internalError = error;
    this.#stopped = true;
    this.#abortRun(SEGMENT_STOPPED);
    throw SEGMENT_STOPPED;
  }

  #park(park: ParkPoint): never {
    const spent = this.#retriesSpent.get(park.state);
    if (spent?.some((n) => n > 0)) park.retryAttempts = spent;
    this.#parked = park;
    this.#stopped = true;
    this.#abortRun(SEGMENT_STOPPED);
    throw SEGMENT_STOPPED;
  }

  #rawInputOf(stateName: string): unknown {
    return this.#lastEnteredInput.get(stateName);
  }

  /** `TimeoutSecondsPath`/`HeartbeatSecondsPath`: read from the state input (after InputPath), else from the effective input. */
  #secondsField(state: AslState, field: 'Timeout' | 'Heartbeat', rawInput: unknown, effectiveInput: unknown): number | undefined {
    const fixed = state[`${field}Seconds`];
    if (fixed !== undefined) return positiveInteger(fixed, `${field}Seconds`);
    const path = state[`${field}SecondsPath`];
    if (typeof path !== 'string') return undefined;
    let input = rawInput;
    if (typeof state.InputPath === 'string') input = readReferencePath(state.InputPath, rawInput, this.#context);
    let value = readReferencePath(path, input, this.#context);
    if (value === undefined) value = readReferencePath(path, effectiveInput, this.#context);
    return positiveInteger(value, `${field}SecondsPath ${path}`);
  }

  #deliver(info: StateInfo, input: unknown): unknown {
    this.#resumePending = false;
    const outcome = this.#start.resume?.outcome as ResumeOutcome;
    const resource = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    switch (outcome.kind) {
      case 'wait-elapsed':
        return input;
      case 'success': {
        const output: unknown = JSON.parse(outcome.output);
        this.#record('TaskSucceeded', { ...resource, output });
        return output;
      }
      case 'failure':
        this.#record('TaskFailed', { ...resource, error: outcome.error, cause: outcome.cause });
        throw stateError(outcome.error ?? '', outcome.cause ?? '');
      case 'timeout':
        this.#record('TaskTimedOut', { ...resource, error: outcome.error });
        throw outcome.error === 'States.Timeout' ? this.#services.statesTimeoutError() : stateError(outcome.error, '');
    }
    throw new Error(`unknown outcome for state ${info.name}`);
  }

  async #invoke(functionName: string, payload: unknown, timeoutSeconds: number | undefined): Promise<unknown> {
    const call = this.#services.invokeFunction(functionName, jsonRoundTrip(payload)).then(jsonRoundTrip);
    if (timeoutSeconds === undefined) return call;
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RealTimeTimeout()), timeoutSeconds * 1000);
    });
    try {
      return await Promise.race([call, expiry]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #lambda(info: StateInfo, kind: 'lambda' | 'lambda-arn', input: unknown): Promise<unknown> {
    const state = info.definition;
    const parameters = asObject(input);
    const functionName = lambdaFunctionName(String(kind === 'lambda' ? parameters.FunctionName : state.Resource));
    const payload = kind === 'lambda' ? (parameters.Payload ?? null) : input;
    const timeoutSeconds = this.#secondsField(state, 'Timeout', this.#rawInputOf(info.name), input);
    const resource = { resourceType: 'lambda', resource: kind === 'lambda' ? 'invoke' : String(state.Resource) };
    this.#record('TaskScheduled', {
      ...resource,
      region: this.#services.region,
      parameters: input,
      timeoutInSeconds: timeoutSeconds,
    });
    this.#record('TaskStarted', resource);
    let value: unknown;
    try {
      value = await this.#invoke(functionName, payload, timeoutSeconds);
    } catch (thrown) {
      if (thrown instanceof RealTimeTimeout) {
        this.#record('TaskTimedOut', { ...resource, error: 'States.Timeout' });
        throw this.#services.statesTimeoutError();
      }
      const error = lambdaFunctionError(thrown);
      this.#record('TaskFailed', { ...resource, error: error.name, cause: error.message });
      throw error;
    }
    const result = kind === 'lambda' ? { Payload: value, StatusCode: 200 } : value;
    this.#record('TaskSucceeded', { ...resource, output: result });
    return result;
  }

  async #callback(info: StateInfo, input: unknown): Promise<unknown> {
    const state = info.definition;
    const token = deriveToken(this.#start.baseToken, this.#derivations); // what `$$.Task.Token` gave this attempt
    this.#derivations += 1;
    const rawInput = this.#rawInputOf(info.name);
    const enteredAt = this.#services.clock.now();
    const timeoutSeconds = this.#secondsField(state, 'Timeout', rawInput, input);
    const heartbeatSeconds = this.#secondsField(state, 'Heartbeat', rawInput, input);
    const parameters = asObject(input);
    const resource = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    this.#record('TaskScheduled', {
      ...resource,
      region: this.#services.region,
      parameters: input,
      timeoutInSeconds: timeoutSeconds,
      heartbeatInSeconds: heartbeatSeconds,
    });
    const callback: OpenCallback = { token, stateName: info.name, enteredAt };
    if (timeoutSeconds !== undefined) callback.timeoutSeconds = timeoutSeconds;
    if (heartbeatSeconds !== undefined) callback.heartbeatSeconds = heartbeatSeconds;
    try {
      await this.#services.openCallback(callback);
    } catch (error) {
      this.#internal(error);
    }
    this.#record('TaskStarted', resource);
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
      this.#record('TaskFailed', { ...resource, error: error.name, cause: error.message });
      throw error;
    }
    this.#record('TaskSubmitted', { ...resource, output: { Payload: value, StatusCode: 200 } });
    return this.#park({ id: token, kind: 'callback', state: info.name, rawInput: jsonText(rawInput), enteredAt: enteredAt.toISOString() });
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
    const id = deriveToken(this.#start.baseToken, this.#derivations);
    this.#derivations += 1;
    return this.#park({
      id,
      kind: 'wait',
      state: info.name,
      rawInput: jsonText(this.#rawInputOf(info.name)),
      enteredAt: now.toISOString(),
      dueAt: dueAt.toISOString(),
    });
  }

  async #startExecution(_info: StateInfo, input: unknown): Promise<unknown> {
    const parameters = asObject(input);
    const name = typeof parameters.Name === 'string' ? parameters.Name : deriveUuid(this.#start.baseToken, `start:${this.#childStarts}`);
    this.#childStarts += 1;
    const childInput =
      parameters.Input === undefined ? '{}' : typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input);
    const resource = { resourceType: 'states', resource: 'startExecution' };
    this.#record('TaskScheduled', { ...resource, region: this.#services.region, parameters: input });
    this.#record('TaskStarted', resource);
    let started: { executionArn: string; startDate: Date };
    try {
      started = await this.#services.startExecution({
        stateMachineArn: String(parameters.StateMachineArn),
        name,
        input: childInput,
        seed: this.#start.baseToken,
      });
    } catch (error) {
      if (!(error instanceof SfnApiError)) this.#internal(error);
      const failure = stateError(`StepFunctions.${error.code}Exception`, error.message);
      this.#record('TaskFailed', { ...resource, error: failure.name, cause: failure.message });
      throw failure;
    }
    const result = { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
    this.#record('TaskSucceeded', { ...resource, output: result });
    return result;
  }
}

/**
 * What the local runtime accepts of an ASL definition (JSONPath query language), and the copy of
 * it that aws-local-stepfunctions runs for one segment.
 *
 * Accepted Task resources:
 *  - `arn:aws:states:::lambda:invoke`                    → a local function, result `{Payload, StatusCode}`
 *  - `arn:aws:states:::lambda:invoke.waitForTaskToken`   → a callback task (parks the execution)
 *  - `arn:aws:states:::states:startExecution`            → starts another execution (fire and forget)
 *  - `arn:aws:lambda:…:function:name`                    → a local function, result = its return value
 * Callback tasks and Wait states park the execution, so they must sit at the top level (a
 * segment can only be resumed at a top-level state).
 */
import { isLambdaFunctionArn } from './arns.ts';
import { SfnApiError } from './errors.ts';
import { validateDefinition } from './validate-definition.ts';

export interface AslState {
  Type: string;
  [field: string]: unknown;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
  Version?: string;
}

export type TaskKind = 'lambda' | 'lambda-callback' | 'lambda-arn' | 'start-execution';

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
export const STATES_START_EXECUTION = 'arn:aws:states:::states:startExecution';
/** The resource of the Task that stands for a top-level Wait state in a segment's copy. */
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';

/** A Standard execution lives at most one year. */
export const MAX_EXECUTION_SECONDS = 365 * 24 * 3600;

/** A Standard execution's history holds at most 25,000 events: past them, the execution fails. */
export const MAX_HISTORY_EVENTS = 25_000;

/** aws-local-stepfunctions gives every Task a real-time timer (60 s by default); above this, setTimeout overflows. */
const LIBRARY_TIMER_CEILING_SECONDS = 2_147_483;

export function taskKindOf(resource: unknown): TaskKind | undefined {
  if (resource === LAMBDA_INVOKE) return 'lambda';
  if (resource === LAMBDA_INVOKE_CALLBACK) return 'lambda-callback';
  if (resource === STATES_START_EXECUTION) return 'start-execution';
  if (typeof resource === 'string' && isLambdaFunctionArn(resource)) return 'lambda-arn';
  return undefined;
}

export interface StateInfo {
  name: string;
  type: string;
  /** 0 for a top-level state, 1+ inside Parallel branches or Map iterators. */
  depth: number;
  definition: AslState;
  taskKind?: TaskKind;
  /** Its output is always its input: no path changes it, or its result is discarded (`ResultPath: null`). */
  outputIsInput: boolean;
  /** The types of its history events: `TaskStateEntered`, … */
  events: { entered: string; exited: string; started: string; succeeded: string };
}

function outputIsInput(state: AslState): boolean {
  if (state.OutputPath !== undefined) return false;
  if (state.Type === 'Choice' || state.Type === 'Succeed' || state.Type === 'Wait') return state.InputPath === undefined;
  return state.ResultPath === null;
}

function nestedMachines(state: AslState): AslDefinition[] {
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) return state.Branches as AslDefinition[];
  if (state.Type === 'Map') {
    const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    return processor ? [processor] : [];
  }
  return [];
}

/** Every state of the definition (names are unique across nesting levels in ASL). */
export function statesOf(definition: AslDefinition): Map<string, StateInfo> {
  const infos = new Map<string, StateInfo>();
  const walk = (machine: AslDefinition, depth: number): void => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      const info: StateInfo = {
        name,
        type: state.Type,
        depth,
        definition: state,
        outputIsInput: outputIsInput(state),
        events: {
          entered: `${state.Type}StateEntered`,
          exited: `${state.Type}StateExited`,
          started: `${state.Type}StateStarted`,
          succeeded: `${state.Type}StateSucceeded`,
        },
      };
      if (state.Type === 'Task') {
        const kind = taskKindOf(state.Resource);
        if (kind) info.taskKind = kind;
      }
      infos.set(name, info);
      for (const nested of nestedMachines(state)) walk(nested, depth + 1);
    }
  };
  walk(definition, 0);
  return infos;
}

function usesJsonata(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesJsonata);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, v]) => (key === 'QueryLanguage' && v === 'JSONata') || usesJsonata(v));
  }
  return false;
}

/** Throws `InvalidDefinition` listing every reason the local runtime cannot run the definition. */
export function assertRunnableLocally(definition: AslDefinition): void {
  const problems: string[] = [];
  if (usesJsonata(definition)) problems.push('the JSONata query language is not supported (use JSONPath)');
  // The checks ValidateStateMachineDefinition answers with (asl-validator, on a copy: it writes a
  // QueryLanguage into every state of what it validates).
  for (const found of validateDefinition(JSON.stringify(definition))) problems.push(`${found.code}: ${found.message}`);
  if (problems.length === 0) {
    for (const info of statesOf(definition).values()) {
      if (info.type === 'Task' && !info.taskKind) {
        problems.push(`state '${info.name}': unsupported Task resource ${JSON.stringify(info.definition.Resource)}`);
      }
      if (info.depth > 0 && info.taskKind === 'lambda-callback') {
        problems.push(
          `state '${info.name}': a callback task (.waitForTaskToken) must be a top-level state, not inside a Parallel or Map state`,
        );
      }
      if (info.depth > 0 && info.type === 'Wait') {
        problems.push(`state '${info.name}': a Wait state must be a top-level state, not inside a Parallel or Map state`);
      }
    }
  }
  if (problems.length > 0) {
    throw new SfnApiError('InvalidDefinition', `Invalid State Machine Definition: ${problems.join('; ')}`);
  }
}

/** The execution's time limit: the definition's TimeoutSeconds, capped by the one-year life of a Standard execution. */
export function executionTimeLimitSeconds(definition: AslDefinition): number {
  const own = typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : Infinity;
  return Math.min(own, MAX_EXECUTION_SECONDS);
}

const EXECUTION_CONTEXT = /\$\$\.Execution(?![A-Za-z0-9_])/g;
/** Where a segment's context keeps the real execution fields (the library overwrites `$$.Execution.Input/StartTime`). */
export const DURABLE_EXECUTION_CONTEXT_KEY = 'DurableExecution';

function isPathField(key: string): boolean {
  return key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';
}

function rewriteContextPaths(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    return isPathField(key) ? value.replace(EXECUTION_CONTEXT, `$$$$.${DURABLE_EXECUTION_CONTEXT_KEY}`) : value;
  }
  if (Array.isArray(value)) return value.map((item) => rewriteContextPaths(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteContextPaths(v, k)]));
  }
  return value;
}

const TIMEOUT_FIELDS = ['TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath'];

function withoutTimeouts(state: AslState): AslState {
  const copy: AslState = { ...state };
  for (const field of TIMEOUT_FIELDS) delete copy[field];
  // The runtime applies task timeouts itself; neutralise the library's own 60-second default.
  copy.TimeoutSeconds = LIBRARY_TIMER_CEILING_SECONDS;
  return copy;
}

function waitAsLocalTask(state: AslState): AslState {
  const task: AslState = { Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, TimeoutSeconds: LIBRARY_TIMER_CEILING_SECONDS };
  for (const field of ['InputPath', 'OutputPath', 'Next', 'End', 'Comment']) {
    if (field in state) task[field] = state[field];
  }
  return task;
}

function transformMachine(machine: AslDefinition, topLevel: boolean): AslDefinition {
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(machine.States)) {
    let copy: AslState = state;
    if (state.Type === 'Task') copy = withoutTimeouts(state);
    if (state.Type === 'Wait' && topLevel) copy = waitAsLocalTask(state);
    if (state.Type === 'Parallel') {
      copy = { ...state, Branches: (state.Branches as AslDefinition[]).map((b) => transformMachine(b, false)) };
    }
    if (state.Type === 'Map') {
      const key = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
      copy = { ...state, [key]: transformMachine(state[key] as AslDefinition, false) };
    }
    states[name] = copy;
  }
  const result: AslDefinition = { ...machine, States: states };
  if (topLevel) delete result.TimeoutSeconds;
  return result;
}

/**
 * The definition one segment runs: starts at `startAt`; `$$.Execution…` paths read the durable
 * execution fields; top-level Wait states become local Tasks (the runtime decides to park or go
 * on); task and execution timeouts are removed (the runtime applies them with its clock).
 */
export function segmentDefinition(definition: AslDefinition, startAt: string): AslDefinition {
  const rewritten = rewriteContextPaths(definition) as AslDefinition;
  return { ...transformMachine(rewritten, true), StartAt: startAt };
}

/** Names of every state with a Retry field (to set the pause between attempts). */
export function statesWithRetry(definition: AslDefinition): string[] {
  return [...statesOf(definition).values()].filter((s) => Array.isArray(s.definition.Retry)).map((s) => s.name);
}

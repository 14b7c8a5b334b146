/**
 * Execution history: the events a segment records, how a committed segment's events are stored
 * (a "chunk"), and their AWS shape for GetExecutionHistory. ExecutionStarted and the closing event
 * derive from the execution record, so stopping or timing out an execution writes nothing more.
 *
 * A chunk is the JSON array of its events, each a tuple `[type, ms since the previous event (the
 * first: epoch ms), ...fields]`, fields in the order of `FIELDS`, inputs and outputs as JSON values,
 * a state's input left out when it is the output of the state exited just before (as it is, but
 * for a branch's first state), and its output left out when it is its input (history.ts marks).
 */

export interface HistoryEventRecord {
  type: string;
  /** ISO instant, or epoch milliseconds. */
  timestamp: string | number;
  /** AWS field names; inputs, outputs and parameters as JSON text, as the API returns them. */
  details?: Record<string, unknown>;
}

/** The fields of each event type, in the order a recorded event holds them. */
const FIELDS: Record<string, readonly string[]> = {
  StateEntered: ['name', 'input'],
  StateExited: ['name', 'output'],
  TaskScheduled: ['resourceType', 'resource', 'region', 'parameters', 'timeoutInSeconds', 'heartbeatInSeconds'],
  TaskStarted: ['resourceType', 'resource'],
  TaskSucceeded: ['resourceType', 'resource', 'output'],
  TaskSubmitted: ['resourceType', 'resource', 'output'],
  TaskFailed: ['resourceType', 'resource', 'error', 'cause'],
  TaskTimedOut: ['resourceType', 'resource', 'error'],
  MapIterationStarted: ['name', 'index'],
  MapIterationSucceeded: ['name', 'index'],
  MapIterationFailed: ['name', 'index'],
};

/** The detail fields AWS gives as JSON text (a null value is a value). */
const JSON_TEXT_FIELDS = new Set(['input', 'output', 'parameters']);

function fieldsOf(type: string): readonly string[] {
  if (type.endsWith('StateEntered')) return FIELDS.StateEntered as readonly string[];
  if (type.endsWith('StateExited')) return FIELDS.StateExited as readonly string[];
  return FIELDS[type] ?? [];
}

/** Marks a StateEntered whose input is the output of the state exited just before it. */
export const SAME_AS_LAST_OUTPUT = Symbol('the output of the state exited just before');
/** Marks a StateExited whose output is the input its state entered with (in the same chunk). */
export const SAME_AS_INPUT = Symbol('the input of the state');

/**
 * A segment's chunk: its events as the segment records them, serialized once, when it is committed.
 * The values an event refers to (a state's input, a task's result) are never changed afterwards:
 * the library makes a new object for each state's input and output (copy-on-write ResultPath), and
 * a function gets a copy of its payload and its result is copied (segment.ts). One JSON.stringify
 * of the chunk instead of one per event and a join: the same text.
 */
export class ChunkWriter {
  #events: unknown[][] = [];
  #previous = 0;

  get events(): number {
    return this.#events.length;
  }

  /** Adds `[type, 0, ...fields]` (fields in the order of FIELDS; the array is taken, its 0 becomes the event's time). */
  add(event: unknown[], timestamp: number): void {
    if (event[3] === SAME_AS_LAST_OUTPUT || event[3] === SAME_AS_INPUT) event.length = 3;
    event[1] = timestamp - this.#previous;
    this.#previous = timestamp;
    this.#events.push(event);
  }

  /** The chunk's JSON text. */
  text(): string {
    return JSON.stringify(this.#events);
  }
}

/** A stored chunk's events (its parsed JSON), in the API's shape (inputs, outputs, parameters as JSON text). */
export function decodeChunk(chunk: unknown): HistoryEventRecord[] {
  let timestamp = 0;
  let lastOutput: unknown = null;
  const inputs = new Map<unknown, unknown>();
  return (chunk as unknown[][]).map((event) => {
    const type = event[0] as string;
    timestamp += event[1] as number;
    const fields = fieldsOf(type);
    const details: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      let value = event[i + 2];
      if (field === 'input') {
        if (event.length === 3) value = lastOutput;
        inputs.set(event[2], value);
      }
      if (field === 'output' && type.endsWith('StateExited')) {
        if (event.length === 3) value = inputs.get(event[2]);
        lastOutput = value;
      }
      if (JSON_TEXT_FIELDS.has(field)) details[field] = jsonText(value);
      else if (value !== null && value !== undefined) details[field] = value;
    });
    return fields.length > 0 ? { type, timestamp, details } : { type, timestamp };
  });
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [detailsKey: string]: unknown;
}

const DETAILS_KEYS: Record<string, string> = {
  ExecutionStarted: 'executionStartedEventDetails',
  ExecutionSucceeded: 'executionSucceededEventDetails',
  ExecutionFailed: 'executionFailedEventDetails',
  ExecutionAborted: 'executionAbortedEventDetails',
  ExecutionTimedOut: 'executionTimedOutEventDetails',
  TaskScheduled: 'taskScheduledEventDetails',
  TaskStarted: 'taskStartedEventDetails',
  TaskSubmitted: 'taskSubmittedEventDetails',
  TaskSucceeded: 'taskSucceededEventDetails',
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  MapStateStarted: 'mapStateStartedEventDetails',
  MapIterationStarted: 'mapIterationStartedEventDetails',
  MapIterationSucceeded: 'mapIterationSucceededEventDetails',
  MapIterationFailed: 'mapIterationFailedEventDetails',
};

export function detailsKeyOf(type: string): string | undefined {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return DETAILS_KEYS[type];
}

/** Numbers the events (ids from 1, each event's previous one before it) and attaches their details (without inputs and outputs if asked). */
export function toHistoryEvents(records: HistoryEventRecord[], options: { includeExecutionData: boolean }): HistoryEvent[] {
  return records.map((record, index) => {
    const event: HistoryEvent = {
      id: index + 1,
      previousEventId: index,
      timestamp: new Date(record.timestamp),
      type: record.type,
    };
    const key = detailsKeyOf(record.type);
    if (key && record.details) event[key] = options.includeExecutionData ? record.details : withoutData(record.details);
    return event;
  });
}

function withoutData(details: Record<string, unknown>): Record<string, unknown> {
  const { input: _input, output: _output, parameters: _parameters, ...rest } = details;
  return rest;
}

export function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * Execution history: the events a segment records, how a committed segment's events are stored
 * (a "chunk"), and their AWS shape for GetExecutionHistory. ExecutionStarted and the closing event
 * derive from the execution record, so stopping or timing out an execution writes nothing more.
 *
 * A segment records each event as a tuple `[type, epoch ms, ...fields]`, fields in the order of
 * `FIELDS`, inputs and outputs as values: its chunk is serialized once, at its commit, with each
 * timestamp as the milliseconds since the previous event, and a state's input left out when it is
 * the output of the state exited just before (as it is, but for a branch's first state).
 */

export interface HistoryEventRecord {
  type: string;
  /** ISO instant, or epoch milliseconds. */
  timestamp: string | number;
  /** AWS field names; inputs, outputs and parameters as JSON text, as the API returns them. */
  details?: Record<string, unknown>;
}

/** An event as a segment records it: `[type, epoch ms, ...fields]`. */
export type RecordedEvent = unknown[];

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

/** A committed segment's events as stored: JSON text. Consumes the events (timestamps become deltas). */
export function encodeChunk(events: RecordedEvent[]): string {
  let previous = 0;
  for (const event of events) {
    const timestamp = event[1] as number;
    event[1] = timestamp - previous;
    previous = timestamp;
    if (event[3] === SAME_AS_LAST_OUTPUT) event.length = 3;
  }
  return JSON.stringify(events);
}

/** A stored chunk's events, in the API's shape (inputs, outputs, parameters as JSON text). */
export function decodeChunk(text: string): HistoryEventRecord[] {
  let timestamp = 0;
  let lastOutput: unknown = null;
  return (JSON.parse(text) as RecordedEvent[]).map((event) => {
    const type = event[0] as string;
    timestamp += event[1] as number;
    const fields = fieldsOf(type);
    const details: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      let value = event[i + 2];
      if (field === 'input' && event.length === 3) value = lastOutput;
      if (field === 'output' && type.endsWith('StateExited')) lastOutput = value;
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

/**
 * Execution history: the events a segment records, and their AWS shape for GetExecutionHistory.
 * Events are stored per committed segment ("chunks"); ExecutionStarted and the closing event are
 * derived from the execution record, so stopping or timing out an execution writes nothing more.
 */

export interface HistoryEventRecord {
  type: string;
  /** ISO instant, or epoch milliseconds. */
  timestamp: string | number;
  /** AWS field names; inputs, outputs and parameters as JSON text as the API returns them (values in a chunk: `fromChunk`). */
  details?: Record<string, unknown>;
}

/** The detail fields AWS gives as JSON text. */
const JSON_TEXT_FIELDS = ['input', 'output', 'parameters'] as const;

/**
 * An event of a stored chunk, as the API gives it. A segment records inputs, outputs and
 * parameters as values, so that its chunk is serialized once (not each value, then the chunk).
 */
export function fromChunk(event: HistoryEventRecord): HistoryEventRecord {
  const details = event.details;
  if (!details) return event;
  const text = { ...details };
  for (const field of JSON_TEXT_FIELDS) if (field in text) text[field] = jsonText(text[field]);
  return { ...event, details: text };
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

/**
 * Execution history: the events a segment records, and their AWS shape for GetExecutionHistory.
 * Events are stored per committed segment ("chunks"); ExecutionStarted and the closing event are
 * derived from the execution record, so stopping or timing out an execution writes one item only.
 */

export interface HistoryEventRecord {
  type: string;
  /** ISO instant. */
  timestamp: string;
  /** AWS field names; inputs, outputs and parameters as JSON text, as the API returns them. */
  details?: Record<string, unknown>;
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

/** Numbers the events (ids from 1, each event's previous one before it) and attaches their details. */
export function toHistoryEvents(records: HistoryEventRecord[]): HistoryEvent[] {
  return records.map((record, index) => {
    const event: HistoryEvent = {
      id: index + 1,
      previousEventId: index,
      timestamp: new Date(record.timestamp),
      type: record.type,
    };
    const key = detailsKeyOf(record.type);
    if (key && record.details) event[key] = record.details;
    return event;
  });
}

export function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

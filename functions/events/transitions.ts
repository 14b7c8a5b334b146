/**
 * Every dossier transition, published on the EventBridge bus so the département's other systems
 * (MonJob62, E-partenaire…) can subscribe without touching this code.
 *
 * Input: the table's stream (new images), already filtered by the event source mapping to the
 * inserts of timeline items (`PK = DOSSIER#<id>`, `SK = EVENT#<seq>`, adapters/dynamodb/keys.ts);
 * this code checks again and skips anything else. Output: one event per timeline item,
 * `detail-type: DossierTransition`, whose detail carries ids and the event type only —
 * `{ dossierId, seq, eventType }` — never the actor, the event's data or anything personal;
 * the event's `time` is the transition's instant. A consumer deduplicates on
 * (`dossierId`, `seq`): a retried batch may publish an event twice, never skips one.
 *
 * Pure: the EventBridge call is passed in (`put`), so tests give a fake.
 */
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DOSSIER_SK_PREFIX, keys } from '#adapters/dynamodb/keys.ts';

export const TRANSITION_SOURCE = 'inclusion-aap.dossiers';
export const TRANSITION_DETAIL_TYPE = 'DossierTransition';
/** Timeline items' SK prefix, from the one place keys are built (adapters/dynamodb/keys.ts). */
export const TIMELINE_SK_PREFIX = DOSSIER_SK_PREFIX.event;
/** `DOSSIER#`: the dossier partition's PK without its id. */
const DOSSIER_PK_PREFIX = keys.dossier('').PK;
/** PutEvents takes at most 10 entries. */
export const PUT_EVENTS_MAX_ENTRIES = 10;

export interface TransitionDetail {
  dossierId: string;
  seq: number;
  eventType: string;
}

export interface PutEventsEntry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: Date;
}

export interface PutEventsResult {
  FailedEntryCount?: number;
  Entries?: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
}

/** EventBridge PutEvents, or a fake. */
export type PutEvents = (entries: PutEventsEntry[]) => Promise<PutEventsResult>;

export interface PublishDeps {
  put: PutEvents;
  eventBusName: string;
  /** Told of records skipped and of failed entries. Default: console. */
  log?: (level: 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
}

const str = (v: AttributeValue | undefined): string | undefined => (v && typeof v.S === 'string' ? v.S : undefined);

/** The transition a stream record carries, or undefined when it is not a new timeline item. */
export function transitionOf(record: DynamoDBRecord): { detail: TransitionDetail; at?: Date } | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const keys = record.dynamodb?.Keys;
  const image = record.dynamodb?.NewImage;
  const pk = str(keys?.PK);
  const sk = str(keys?.SK);
  if (!pk?.startsWith(DOSSIER_PK_PREFIX) || !sk?.startsWith(TIMELINE_SK_PREFIX) || !image) return undefined;
  const dossierId = str(image.dossierId) ?? pk.slice(DOSSIER_PK_PREFIX.length);
  const seqText = image.seq?.N ?? sk.slice(TIMELINE_SK_PREFIX.length);
  const seq = Number(seqText);
  const eventType = str(image.type);
  if (!dossierId || !Number.isSafeInteger(seq) || seq < 1 || !eventType) return undefined;
  const atText = str(image.at);
  const at = atText === undefined ? undefined : new Date(atText);
  return { detail: { dossierId, seq, eventType }, ...(at && !Number.isNaN(at.getTime()) ? { at } : {}) };
}

const consoleLog: NonNullable<PublishDeps['log']> = (level, message, fields) =>
  console[level](JSON.stringify({ level, message, ...fields }));

/**
 * Publishes the batch's transitions in stream order, 10 per PutEvents call. On the first entry
 * EventBridge refuses (or a call that throws), stops and reports that record as the batch's
 * first failure: Lambda retries the shard from it (ReportBatchItemFailures), so the order of a
 * dossier's transitions is kept and none is lost.
 */
export async function publishTransitions(event: DynamoDBStreamEvent, deps: PublishDeps): Promise<DynamoDBBatchResponse> {
  const log = deps.log ?? consoleLog;
  const pending: { record: DynamoDBRecord; entry: PutEventsEntry }[] = [];
  for (const record of event.Records) {
    const transition = transitionOf(record);
    if (!transition) {
      log('warn', 'stream record skipped: not a new timeline item', { eventID: record.eventID, eventName: record.eventName });
      continue;
    }
    pending.push({
      record,
      entry: {
        EventBusName: deps.eventBusName,
        Source: TRANSITION_SOURCE,
        DetailType: TRANSITION_DETAIL_TYPE,
        Detail: JSON.stringify(transition.detail),
        ...(transition.at ? { Time: transition.at } : {}),
      },
    });
  }

  for (let start = 0; start < pending.length; start += PUT_EVENTS_MAX_ENTRIES) {
    const chunk = pending.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
    let failedAt: number | undefined;
    let reason: string | undefined;
    try {
      const result = await deps.put(chunk.map((p) => p.entry));
      if ((result.FailedEntryCount ?? 0) > 0) {
        const index = (result.Entries ?? []).findIndex((e) => e.ErrorCode !== undefined);
        failedAt = Math.max(index, 0);
        reason = `${result.Entries?.[failedAt]?.ErrorCode ?? 'unknown'}: ${result.Entries?.[failedAt]?.ErrorMessage ?? ''}`;
      }
    } catch (error) {
      failedAt = 0;
      reason = String((error as Error)?.message ?? error);
    }
    if (failedAt !== undefined) {
      const first = chunk[failedAt]!.record;
      log('error', 'transition not published; the shard is retried from it', { eventID: first.eventID, reason });
      const itemIdentifier = first.dynamodb?.SequenceNumber ?? '';
      return { batchItemFailures: [{ itemIdentifier }] };
    }
  }
  return { batchItemFailures: [] };
}

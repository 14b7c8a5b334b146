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
 * The EventBridge call is passed in (`put`): the Lambda entry gives the SDK's, tests a fake or the
 * local bus (infra/local/events/bus.ts).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue, Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DOSSIER_SK_PREFIX, keys } from '#adapters/dynamodb/keys.ts';
import { count, lambdaHandler, logLine, METRIC } from '../observability.ts';

export const TRANSITION_SOURCE = 'inclusion-aap.dossiers';
export const TRANSITION_DETAIL_TYPE = 'DossierTransition';
/** Timeline items' SK prefix, from the one place keys are built (adapters/dynamodb/keys.ts). */
export const TIMELINE_SK_PREFIX = DOSSIER_SK_PREFIX.event;
/** `DOSSIER#`: the dossier partition's PK without its id. */
const DOSSIER_PK_PREFIX = keys.dossier('').PK;

/**
 * The stream records the publisher is given (the event source mapping's filter on AWS, the local
 * platform's too): inserts of timeline items. An EventBridge-style pattern, as lambda.FilterRule
 * writes it (`isEqual` → `[value]`, `beginsWith` → `[{ prefix }]`).
 */
export const TRANSITION_PATTERN = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { SK: { S: [{ prefix: TIMELINE_SK_PREFIX }] } } },
};

/**
 * How the table's stream feeds the publisher, on AWS (infra/aws/constructs/events.ts) and on the local
 * platform (infra/local/platform.ts): batches of at most `batchSize` records, gathered for up to
 * `maxBatchingWindowSeconds` (a full batch goes at once), a failing record retried `retryAttempts` times.
 */
export const TRANSITIONS_MAPPING = { batchSize: 10, maxBatchingWindowSeconds: 1, retryAttempts: 10 } as const;

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
  /** Told of records skipped and of failed entries. Default: the functions' logger (a line of this invocation: logLine). */
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

/** A record after one that failed: not published in this run, so that a dossier's transitions stay in order. */
class AfterFailedRecordError extends Error {
  override name = 'AfterFailedRecordError';
}

/**
 * Publishes the batch's transitions in stream order, one record after the other (Powertools'
 * batch processor). From the first record EventBridge refuses (or whose call throws), that record
 * and every one after it are reported failed, none of them published: Lambda retries the shard
 * from the lowest (ReportBatchItemFailures), so the order of a dossier's transitions is kept and
 * none is lost; one published before the failure may be published again (consumers deduplicate).
 */
export async function publishTransitions(event: DynamoDBStreamEvent, deps: PublishDeps, context?: Context): Promise<DynamoDBBatchResponse> {
  const log = deps.log ?? ((level, message, fields) => logLine(context, level, message, fields));
  let failed = false;
  const publish = async (record: DynamoDBRecord): Promise<void> => {
    if (failed) throw new AfterFailedRecordError(`after a failed record: retried with it (${record.eventID})`);
    const transition = transitionOf(record);
    if (!transition) {
      log('warn', 'stream record skipped: not a new timeline item', { eventID: record.eventID, eventName: record.eventName });
      return;
    }
    const entry: PutEventsEntry = {
      EventBusName: deps.eventBusName,
      Source: TRANSITION_SOURCE,
      DetailType: TRANSITION_DETAIL_TYPE,
      Detail: JSON.stringify(transition.detail),
      ...(transition.at ? { Time: transition.at } : {}),
    };
    let reason: string | undefined;
    try {
      const result = await deps.put([entry]);
      if ((result.FailedEntryCount ?? 0) > 0)
        reason = `${result.Entries?.[0]?.ErrorCode ?? 'unknown'}: ${result.Entries?.[0]?.ErrorMessage ?? ''}`;
    } catch (error) {
      reason = String((error as Error)?.message ?? error);
    }
    if (reason !== undefined) {
      failed = true;
      log('error', 'transition not published; the shard is retried from it', { eventID: record.eventID, reason });
      throw new Error(reason);
    }
    count(METRIC.transitionsPublished);
  };
  return processPartialResponse(event, publish, new BatchProcessor(EventType.DynamoDBStreams), {
    processInParallel: false,
    throwOnFullBatchFailure: false,
    ...(context ? { context } : {}),
  });
}

/** The publisher as a Lambda handler over its EventBridge call: the Lambda entry gives the SDK's, the local platform its bus's. */
export function transitionsPublisher(deps: PublishDeps) {
  return lambdaHandler((event: DynamoDBStreamEvent, context: Context) => publishTransitions(event, deps, context));
}

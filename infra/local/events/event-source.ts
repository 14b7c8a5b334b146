/**
 * The local event source mapping of a table's stream to a function, as Lambda runs it on AWS
 * (infra/aws/constructs/events.ts): the records that match the filter pattern, in order, in
 * batches of at most `batchSize`, one batch at a time; a batch answered with failures is retried
 * from the first failed record (ReportBatchItemFailures), one that throws is retried whole; a
 * record still failing after `retryAttempts` retries is dropped and reported (on AWS: the DLQ).
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** An EventBridge-style filter pattern, in the subset lambda.FilterRule writes: `[value…]` or `[{ prefix }]` at the leaves. */
export type FilterPattern = { [key: string]: FilterPattern | readonly (string | { prefix: string })[] };

export function matches(pattern: FilterPattern, value: unknown): boolean {
  // Loops, not entries/every/some: every change of the table is matched (no array or closure per record).
  for (const key in pattern) {
    const rule = pattern[key]!;
    const field = (value as Record<string, unknown> | undefined)?.[key];
    if (!Array.isArray(rule)) {
      if (!matches(rule as FilterPattern, field)) return false;
      continue;
    }
    let any = false;
    for (const r of rule as readonly (string | { prefix: string })[]) {
      if (typeof r === 'string' ? field === r : typeof field === 'string' && field.startsWith(r.prefix)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

export interface StreamMapping {
  /** Hands a record of the stream to the mapping (kept if it matches the filter). */
  push(record: DynamoDBRecord): void;
  /** Resolves once every record pushed so far is delivered (or dropped). */
  idle(): Promise<void>;
}

export function mapStream(options: {
  filter: FilterPattern;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  batchSize?: number;
  retryAttempts?: number;
  /** Told of a record dropped after its retries. */
  onDropped?: (record: DynamoDBRecord, reason: string) => void;
  /**
   * The batching window: awaited before a batch that is not full is taken (cut short once a full batch
   * is queued), so that the records that arrive meanwhile go together. The local platform waits so only
   * while its API answers (infra/local/api-first.ts); without it, a batch goes one event-loop turn after
   * its first record.
   */
  waitForBatch?: () => Promise<void>;
}): StreamMapping {
  const batchSize = options.batchSize ?? 10;
  const retryAttempts = options.retryAttempts ?? 10;
  const queue: DynamoDBRecord[] = [];
  let attempts = 0;
  let running: Promise<void> | undefined;
  /** Ends the batching window early: a full batch is queued. */
  let fullBatch: (() => void) | undefined;

  const deliver = async () => {
    // A batching window of one turn of the event loop: the records written together go together.
    await new Promise(setImmediate);
    while (queue.length > 0) {
      if (options.waitForBatch && queue.length < batchSize) {
        await Promise.race([options.waitForBatch(), new Promise<void>((resolve) => (fullBatch = resolve))]);
        fullBatch = undefined;
      }
      const batch = queue.slice(0, batchSize);
      let failedAt: number;
      let reason: string;
      try {
        const failures = (await options.handler({ Records: batch }))?.batchItemFailures ?? [];
        const failed = new Set(failures.map((f) => f.itemIdentifier));
        failedAt = batch.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
        reason = 'reported failed by the function';
      } catch (error) {
        failedAt = 0;
        reason = String((error as Error)?.message ?? error);
      }
      if (failedAt < 0) {
        queue.splice(0, batch.length);
        attempts = 0;
        continue;
      }
      queue.splice(0, failedAt);
      if (failedAt > 0) attempts = 0;
      if (++attempts > retryAttempts) {
        options.onDropped?.(queue.shift()!, reason);
        attempts = 0;
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempts)));
    }
  };
  const run = () => {
    running ??= deliver().finally(() => {
      running = undefined;
      if (queue.length > 0) run();
    });
    return running;
  };

  return {
    push(record) {
      if (!matches(options.filter, record)) return;
      queue.push(record);
      if (queue.length >= batchSize) fullBatch?.();
      void run();
    },
    async idle() {
      while (running) await running;
    },
  };
}

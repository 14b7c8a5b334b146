/**
 * The project table's work queues (GSI4: pending deadlines by due day, pending emails, decisions
 * whose hand-over is not confirmed; adapters/dynamodb/table-design.ts), mirrored in memory from the
 * table's change feed, so that the platform's scheduler knows when a scheduled run would read
 * nothing and can leave it out: the redelivery, the outbox sender and the daily enforcement each
 * read one range of this index and do nothing else when it is empty. Time travel runs them on
 * every platform day; on most days they had nothing to read (3 queries and 3 Lambda invocations,
 * ≈ 2.4 ms of CPU a day on an empty platform). Only a run whose range the mirror says is empty is
 * left out: any doubt runs the handler, which reads the table itself.
 *
 * The mirror is loaded once (a Scan of the index) when the platform starts, after the feed is
 * watched; a change the feed delivered meanwhile is newer than the Scan's copy and wins. It holds
 * the index's keys only (≈ 100 bytes per pending deadline or email).
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { INDEX } from '#adapters/dynamodb/table-design.ts';

type Attr = { S?: string } | undefined;

/** One partition of the index: its items' sort keys by item, and the same sorted (rebuilt after a change). */
interface Partition {
  byItem: Map<string, string>;
  sorted: string[] | undefined;
}

export class WorkQueueMirror {
  readonly #partitions = new Map<string, Partition>();
  /** The partition of each item in the index, by item key. */
  readonly #itemPartition = new Map<string, string>();
  /** While loading: the items the feed changed, whose Scan copy is older. */
  #touched: Set<string> | undefined = new Set();

  /** A change of the table (its feed's record, NEW_IMAGE). */
  apply(record: DynamoDBRecord): void {
    const keys = record.dynamodb?.Keys as Record<string, Attr> | undefined;
    if (!keys) return;
    const item = itemKey(keys);
    this.#touched?.add(item);
    const image = record.dynamodb?.NewImage as Record<string, Attr> | undefined;
    this.#set(item, image?.GSI4PK?.S, image?.GSI4SK?.S);
  }

  /** Reads the index once (when the platform starts, after the feed's records are applied as they come). */
  async load(dynamo: DynamoDB, tableName: string): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo.call<{ Items?: Record<string, Attr>[]; LastEvaluatedKey?: Record<string, unknown> }>('Scan', {
        TableName: tableName,
        IndexName: INDEX.workQueues,
        ProjectionExpression: 'PK, SK, GSI4PK, GSI4SK',
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const image of page.Items ?? []) {
        const item = itemKey(image);
        if (!this.#touched?.has(item)) this.#set(item, image.GSI4PK?.S, image.GSI4SK?.S);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    this.#touched = undefined;
  }

  /** Whether an item of a partition `partition` accepts has a sort key in [from, to] (false only once loaded). */
  has(partition: (name: string) => boolean, from: string, to: string): boolean {
    if (this.#touched) return true;
    for (const [name, p] of this.#partitions) {
      if (!partition(name)) continue;
      const sorted = (p.sorted ??= [...p.byItem.values()].sort());
      const first = lowerBound(sorted, from);
      if (first < sorted.length && sorted[first]! <= to) return true;
    }
    return false;
  }

  #set(item: string, pk: string | undefined, sk: string | undefined): void {
    const before = this.#itemPartition.get(item);
    if (before !== undefined && (before !== pk || this.#partitions.get(before)?.byItem.get(item) !== sk)) {
      const p = this.#partitions.get(before)!;
      p.byItem.delete(item);
      p.sorted = undefined;
      if (p.byItem.size === 0) this.#partitions.delete(before);
      this.#itemPartition.delete(item);
    }
    if (pk === undefined || sk === undefined || this.#itemPartition.get(item) === pk) return;
    let p = this.#partitions.get(pk);
    if (!p) this.#partitions.set(pk, (p = { byItem: new Map(), sorted: undefined }));
    p.byItem.set(item, sk);
    p.sorted = undefined;
    this.#itemPartition.set(item, pk);
  }
}

const itemKey = (keys: Record<string, Attr>) => `${keys.PK?.S}\u0000${keys.SK?.S}`;

/** The index of the first element ≥ `value` in a sorted array. */
function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

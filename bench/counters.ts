/**
 * DynamoDB counters, taken inside dynalite (it runs in this process): requests by operation,
 * read and write request units, items returned, per table. Dynalite computes the capacity of
 * each request when asked (`ReturnConsumedCapacity`), so every request is asked for it here and
 * the answer given back to the caller as it would have been. Index writes are counted from each
 * item write dynalite makes (single or in a transaction), item before and after, as DynamoDB
 * bills its global secondary indexes (`countIndexWrites`): one WRU per KB of index entry written. A write refused by its
 * condition costs 1 WRU (DynamoDB bills refused conditional writes); a Query or Scan at least 0.5 RRU.
 *
 * Install before the platform starts dynalite (`installDynamoCounters()` then `startPlatform`).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface TableCounters {
  requests: Record<string, number>;
  rru: number;
  /** Table writes, in WRU. */
  wru: number;
  /** Index writes, in WRU. */
  indexWru: number;
  conditionalFailures: number;
  /** Items returned by Query and Scan. */
  itemsReturned: number;
  /** Timeline items written (each becomes a DynamoDB stream record → publish-transitions). */
  timelineItems: number;
}

type Callback = (err: unknown, result?: Record<string, any>) => void;
type Action = (store: unknown, data: Record<string, any>, cb: Callback) => void;

const tables = new Map<string, TableCounters>();
let installed = false;

function countersOf(table: string): TableCounters {
  let c = tables.get(table);
  if (!c)
    tables.set(table, (c = { requests: {}, rru: 0, wru: 0, indexWru: 0, conditionalFailures: 0, itemsReturned: 0, timelineItems: 0 }));
  return c;
}

const READS = new Set(['getItem', 'query', 'scan', 'batchGetItem', 'transactGetItems']);
const WRITES = new Set(['putItem', 'updateItem', 'deleteItem', 'batchWriteItem', 'transactWriteItems']);

/** The table a request is about: its own, or (batches, transactions) the first one it names. */
function tableOf(data: Record<string, any>, action: string): string {
  if (data.TableName) return String(data.TableName);
  const first = data.TransactItems?.[0];
  if (first) return String((Object.values(first)[0] as { TableName?: string }).TableName ?? 'unknown');
  const requested = Object.keys(data.RequestItems ?? {})[0];
  return requested ?? (action.startsWith('batch') ? 'batch' : 'unknown');
}

/** The timeline items a write puts (each becomes a stream record → publish-transitions). */
function timelinePuts(data: Record<string, any>, action: string): number {
  const isEvent = (item: Record<string, any> | undefined) => String(item?.SK?.S ?? '').startsWith('EVENT#');
  if (action === 'putItem') return isEvent(data.Item) ? 1 : 0;
  if (action === 'transactWriteItems')
    return (data.TransactItems ?? []).filter((t: { Put?: { Item?: Record<string, any> } }) => isEvent(t.Put?.Item)).length;
  return 0;
}

function units(capacity: unknown): number {
  if (Array.isArray(capacity)) return capacity.reduce((s: number, c: { CapacityUnits?: number }) => s + (c.CapacityUnits ?? 0), 0);
  return (capacity as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0;
}

export function installDynamoCounters(): void {
  if (installed) return;
  installed = true;
  const root = dirname(require.resolve('dynalite/package.json'));
  // Load every action before wrapping any: batchGetItem and batchWriteItem call getItem, putItem and
  // deleteItem for each of their keys; bound to the wrapped ones, one request would count as many.
  for (const action of [...READS, ...WRITES]) require(join(root, 'actions', `${action}.js`));
  for (const action of [...READS, ...WRITES]) {
    const file = join(root, 'actions', `${action}.js`);
    const original = require(file) as Action;
    const wrapped: Action = (store, data, cb) => {
      const asked = data.ReturnConsumedCapacity !== undefined && data.ReturnConsumedCapacity !== 'NONE';
      if (!asked) data.ReturnConsumedCapacity = 'TOTAL';
      const c = countersOf(tableOf(data, action));
      c.requests[action] = (c.requests[action] ?? 0) + 1;
      const events = timelinePuts(data, action);
      original(store, data, (err, result) => {
        if (err) {
          if (/ConditionalCheckFailed|TransactionCanceled/.test(String((err as { body?: { __type?: string } }).body?.__type ?? ''))) {
            c.conditionalFailures++;
            c.wru += 1;
          }
        } else if (result) {
          c.timelineItems += events;
          let u = units(result.ConsumedCapacity);
          // DynamoDB bills a Query or Scan at least 0.5 RRU (1 if strongly consistent), even when it finds nothing; dynalite counts 0.
          if (action === 'query' || action === 'scan') u = Math.max(u, data.ConsistentRead ? 1 : 0.5);
          if (READS.has(action)) c.rru += u;
          else c.wru += u;
          if (typeof result.Count === 'number') c.itemsReturned += result.Count;
          if (!asked) delete result.ConsumedCapacity;
        }
        cb(err, result);
      });
    };
    // Keep what the module exports beside its action (transactWriteItems uses updateItem's applyUpdate).
    require.cache[file]!.exports = Object.assign(wrapped, original);
  }
  const db = require(join(root, 'db', 'index.js')) as {
    writeItem: (store: unknown, table: any, key: unknown, existing: any, item: any, cb: Callback) => void;
    itemWriteOps: (table: any, key: unknown, existing: any, item: any) => unknown[];
    itemSize: (item: unknown) => number;
    /** itemSize({ [name]: value }), without the item. */
    attributeSize: (name: string, value: unknown) => number;
    /** An index's key attribute names and the attributes its entries hold (undefined: all), worked out once per table parse. */
    indexShape: (index: any, table: any) => IndexShape;
    /** Whether two items hold the same `names` attributes (all of them when undefined), by deep equality. */
    sameAttributes: (a: unknown, b: unknown, names?: string[]) => boolean;
  };
  // Every item write goes through one of these (PutItem, UpdateItem, DeleteItem: writeItem; each
  // write of a TransactWriteItems: itemWriteOps), with the item before and after.
  const originalWriteItem = db.writeItem;
  db.writeItem = (store, table, key, existing, item, cb) => {
    countIndexWrites(table, existing, item);
    originalWriteItem(store, table, key, existing, item, cb);
  };
  const originalItemWriteOps = db.itemWriteOps;
  db.itemWriteOps = (table, key, existing, item) => {
    countIndexWrites(table, existing, item);
    return originalItemWriteOps(table, key, existing, item);
  };

  /**
   * What a write costs the table's global secondary indexes, as DynamoDB bills it: nothing for an
   * index the item is in neither before nor after, nor when none of the attributes the index holds
   * (its keys, the table's, the projected ones) changed; one write of the new index entry when it
   * appears or its attributes change; one delete of the old entry when it leaves or its key
   * changes (then the new one is written too). An index entry weighs its attributes plus 100 bytes.
   */
  function countIndexWrites(table: any, existing: any, item: any): void {
    if (!table.GlobalSecondaryIndexes) return;
    const c = countersOf(table.TableName);
    for (const description of table.GlobalSecondaryIndexes) {
      // The engine's own reading of the index (dynalite patch): the same keys and held attributes.
      const index = db.indexShape(description, table);
      const before = inIndex(index, existing) ? existing : undefined;
      const after = inIndex(index, item) ? item : undefined;
      if (!before && !after) continue;
      if (before && after && db.sameAttributes(before, after, index.attrs)) continue;
      const keyChanged = before && after && !db.sameAttributes(before, after, index.keys);
      if (before && (!after || keyChanged)) c.indexWru += entryUnits(before, index.attrs);
      if (after) c.indexWru += entryUnits(after, index.attrs);
    }
  }

  /**
   * The units of an item's index entry: its attributes the index holds (all when undefined), plus
   * 100 bytes, per KB. The held ones are weighed one by one (an item's size is the sum of its
   * attributes'), not copied into an entry first.
   */
  function entryUnits(it: Record<string, unknown>, held: string[] | undefined): number {
    let bytes = 0;
    if (held) {
      for (const name of held) if (it[name] !== undefined) bytes += db.attributeSize(name, it[name]);
    } else bytes = db.itemSize(it);
    return Math.max(1, Math.ceil((bytes + 100) / 1024));
  }
}

/** A global secondary index as the engine reads it: its key attributes, and the attributes it holds (undefined: all). */
interface IndexShape {
  keys: string[];
  attrs: string[] | undefined;
}

/** Whether an item (null or undefined: none) has every key attribute of the index. */
function inIndex(index: IndexShape, it: any): boolean {
  if (it == null) return false;
  for (const k of index.keys) if (it[k] == null) return false;
  return true;
}

export function dynamoCounters(): Record<string, TableCounters> {
  return Object.fromEntries([...tables].map(([name, c]) => [name, structuredClone(c)]));
}

export function resetDynamoCounters(): void {
  tables.clear();
}

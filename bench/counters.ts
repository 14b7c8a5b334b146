/**
 * DynamoDB counters, taken inside dynalite (it runs in this process): requests by operation,
 * read and write request units, items returned, per table. Dynalite computes the capacity of
 * each request when asked (`ReturnConsumedCapacity`), so every request is asked for it here and
 * the answer given back to the caller as it would have been; transactions are priced as DynamoDB
 * prices them (2 WRU per KB of each item written, 2 RRU per 4 KB read: done by the dynalite patch).
 * Index writes are what the patch writes to the global secondary indexes with each item (in
 * `db.writeItem`, and `db.itemWriteOps` for a transaction's items): one put per index the new item
 * is in, one delete per index the old item leaves, priced as DynamoDB prices them: one WRU per KB
 * written. Deletions by TTL are free on DynamoDB and not counted. A write refused by its condition
 * costs 1 WRU (DynamoDB bills refused conditional writes; a cancelled transaction, 2 per action);
 * a Query or Scan at least 0.5 RRU.
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

type Capacity = { TableName?: string; CapacityUnits?: number };

/** The units of an answer by table (a request over several tables answers a list). */
function unitsByTable(capacity: Capacity | Capacity[] | undefined, table: string): [string, number][] {
  const list = Array.isArray(capacity) ? capacity : capacity ? [capacity] : [];
  return list.map((c) => [c.TableName ?? table, c.CapacityUnits ?? 0]);
}

/** The tables a request names (a transaction names one per action). */
function tablesOf(data: Record<string, any>): string[] {
  if (data.TableName) return [String(data.TableName)];
  if (Array.isArray(data.TransactItems)) {
    const names = data.TransactItems.map((t: Record<string, { TableName?: string }>) => Object.values(t)[0]?.TableName);
    return [...new Set(names.map(String))];
  }
  return ['batch'];
}

const isTimelineEvent = (item: Record<string, any> | undefined) => String(item?.SK?.S ?? '').startsWith('EVENT#');

export function installDynamoCounters(): void {
  if (installed) return;
  installed = true;
  const root = dirname(require.resolve('dynalite/package.json'));
  for (const action of [...READS, ...WRITES]) {
    const file = join(root, 'actions', `${action}.js`);
    const original = require(file) as Action;
    const wrapped: Action = (store, data, cb) => {
      const asked = data.ReturnConsumedCapacity !== undefined && data.ReturnConsumedCapacity !== 'NONE';
      if (!asked) data.ReturnConsumedCapacity = 'TOTAL';
      const tables = tablesOf(data);
      for (const table of tables) {
        const c = countersOf(table);
        c.requests[action] = (c.requests[action] ?? 0) + 1;
      }
      const first = countersOf(tables[0]!);
      if (action === 'putItem' && isTimelineEvent(data.Item)) first.timelineItems++;
      if (action === 'transactWriteItems')
        for (const t of data.TransactItems as Record<string, { TableName: string; Item?: Record<string, any> }>[])
          if (isTimelineEvent(t.Put?.Item)) countersOf(t.Put!.TableName).timelineItems++;
      original(store, data, (err, result) => {
        if (err) {
          const type = String((err as { body?: { __type?: string } }).body?.__type ?? '');
          if (type.includes('ConditionalCheckFailed')) {
            first.conditionalFailures++;
            first.wru += 1;
          } else if (type.includes('TransactionCanceled')) {
            first.conditionalFailures++;
            first.wru += 2 * data.TransactItems.length;
          }
        } else if (result) {
          for (const [table, tableUnits] of unitsByTable(result.ConsumedCapacity, tables[0]!)) {
            const c = countersOf(table);
            let u = tableUnits;
            // DynamoDB bills a Query or Scan at least 0.5 RRU (1 if strongly consistent), even when it finds nothing; dynalite counts 0.
            if (action === 'query' || action === 'scan') u = Math.max(u, data.ConsistentRead ? 1 : 0.5);
            if (READS.has(action)) c.rru += u;
            else c.wru += u;
          }
          if (typeof result.Count === 'number') first.itemsReturned += result.Count;
          if (!asked) delete result.ConsumedCapacity;
        }
        cb(err, result);
      });
    };
    require.cache[file]!.exports = wrapped;
  }
  const db = require(join(root, 'db', 'index.js')) as {
    writeItem: (store: unknown, table: any, key: string, existing: any, item: any, cb: Callback) => void;
    itemWriteOps: (table: any, key: string, existing: any, item: any) => unknown[];
    getIndexActions: (indexes: unknown[], existing: any, item: any, table: any) => { puts: { item: unknown }[]; deletes: unknown[] };
    itemSize: (item: unknown) => number;
  };
  const countIndexWrites = (table: any, existing: any, item: any) => {
    const actions = db.getIndexActions(table.GlobalSecondaryIndexes ?? [], existing, item, table);
    const c = countersOf(table.TableName);
    for (const put of actions.puts) c.indexWru += Math.max(1, Math.ceil(db.itemSize(put.item) / 1024));
    c.indexWru += actions.deletes.length * Math.max(1, Math.ceil((existing ? db.itemSize(existing) : 0) / 1024));
  };
  // The patch writes an item and its index entries in one batch: PutItem, UpdateItem and DeleteItem
  // through db.writeItem, a transaction's items through db.itemWriteOps (TTL deletions call neither).
  const { writeItem, itemWriteOps } = db;
  db.writeItem = (store, table, key, existing, item, cb) => {
    countIndexWrites(table, existing, item);
    writeItem(store, table, key, existing, item, cb);
  };
  db.itemWriteOps = (table, key, existing, item) => {
    countIndexWrites(table, existing, item);
    return itemWriteOps(table, key, existing, item);
  };
}

export function dynamoCounters(): Record<string, TableCounters> {
  return Object.fromEntries([...tables].map(([name, c]) => [name, structuredClone(c)]));
}

export function resetDynamoCounters(): void {
  tables.clear();
}

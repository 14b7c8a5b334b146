/**
 * The local table's change feed, as DynamoDB Streams records (view type NEW_IMAGE, as the table's
 * stream on AWS: infra/aws/constructs/data.ts): dynalite has no streams, so the feed watches the
 * LevelDB batches its patched engine writes every item change through (an item and its index
 * entries in one batch: PutItem, UpdateItem, DeleteItem, each write of a TransactWriteItems, TTL
 * deletions). A batch's item writes become records once the batch is written — INSERT when the
 * item did not exist, MODIFY when it did, REMOVE when it is deleted — in the order they were
 * written, each with a sequence number greater than the last.
 *
 * Smaller than DynamoDB Streams: one shard per table (one order for all items, stricter than per
 * item), no SizeBytes (serializing every item to weigh it was half the feed's CPU in the campaign
 * bench), and the records live in memory (a kill -9 loses those not yet read; Streams keeps 24 h).
 */
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { LOCAL_ACCOUNT } from '../account.ts';

type Item = Record<string, AttributeValue>;
interface BatchOp {
  type: 'put' | 'del';
  key: string;
  value?: Item;
}
type Callback = (err?: unknown) => void;
/** The part of dynalite's store the feed uses: its LevelDB (with dynalite's callback wrappers) and its tables. */
interface DynaliteStore {
  db: {
    batch(ops: BatchOp[], cb: Callback): void;
    get(key: string): Promise<Item | undefined>;
  };
  getTable(name: string, checkStatus: boolean, cb: (err: unknown, table?: { KeySchema: { AttributeName: string }[] }) => void): void;
}

/** LevelDB keys of items: `item-<table>~<key>` (dynalite's db/index.js). */
const ITEM_KEY = /^item-([^~]+)~/;

export type ChangeListener = (tableName: string, record: DynamoDBRecord) => void;

/** Calls `listener` with every item change of the store's tables, once written. */
export function watchChanges(store: unknown, listener: ChangeListener): void {
  const s = store as DynaliteStore;
  const batch = s.db.batch.bind(s.db);
  let sequence = 0n;
  const keySchemas = new Map<string, string[]>();
  const keyNames = (table: string) =>
    new Promise<string[]>((resolve, reject) => {
      const known = keySchemas.get(table);
      if (known) return resolve(known);
      s.getTable(table, false, (err, t) => {
        if (err || !t) return reject(err ?? new Error(`no table ${table}`));
        const names = t.KeySchema.map((k) => k.AttributeName);
        keySchemas.set(table, names);
        resolve(names);
      });
    });
  const before = async (key: string) => {
    try {
      return await s.db.get(key);
    } catch (error) {
      if ((error as { code?: string }).code === 'LEVEL_NOT_FOUND') return undefined;
      throw error;
    }
  };

  s.db.batch = (ops, cb) => {
    const items = ops.filter((op) => ITEM_KEY.test(op.key));
    if (items.length === 0) return batch(ops, cb);
    // The items as they were (dynalite holds the written keys' locks until the batch is written).
    Promise.all(items.map(async (op) => ({ op, table: ITEM_KEY.exec(op.key)![1]!, old: await before(op.key) })))
      .then(async (changes) => {
        const keys = await Promise.all(changes.map((c) => keyNames(c.table)));
        batch(ops, (err) => {
          if (!err) {
            const at = Math.floor(Date.now() / 1000);
            changes.forEach(({ op, table, old }, i) => {
              const image = op.type === 'put' ? op.value : old;
              if (!image || (op.type === 'del' && !old)) return;
              sequence += 1n;
              const eventName = op.type === 'del' ? 'REMOVE' : old ? 'MODIFY' : 'INSERT';
              listener(table, {
                eventID: `${table}-${sequence}`,
                eventName,
                eventVersion: '1.1',
                eventSource: 'aws:dynamodb',
                awsRegion: LOCAL_ACCOUNT.region,
                eventSourceARN: `arn:aws:dynamodb:${LOCAL_ACCOUNT.region}:${LOCAL_ACCOUNT.accountId}:table/${table}/stream/local`,
                dynamodb: {
                  ApproximateCreationDateTime: at,
                  Keys: Object.fromEntries(keys[i]!.map((name) => [name, image[name]!])),
                  ...(op.type === 'put' ? { NewImage: op.value } : {}),
                  SequenceNumber: sequence.toString().padStart(21, '0'),
                  StreamViewType: 'NEW_IMAGE',
                },
              });
            });
          }
          cb(err);
        });
      })
      .catch((err: unknown) => cb(err));
  };
}

/**
 * The local DynamoDB: dynalite, as patched by patches/dynalite+4.0.0.patch (applied by
 * `npm install`, patch-package). dynalite as published writes an item, then its index entries, as
 * separate LevelDB writes (a kill -9 between them leaves an index entry its item does not match),
 * keys an index entry by the index key and a 24-bit hash of the table key (two items with the same
 * index key whose hashes collide share one entry: one is missing from the index), and has neither
 * transactions nor TTL. The patch writes an item and its index entries in one LevelDB batch, as
 * DynamoDB applies them as one; keys index entries by the whole table key (upgradeIndexKeys
 * rewrites a store written before, when it opens); adds TransactWriteItems (all or nothing: one batch),
 * TransactGetItems, UpdateTimeToLive and the deletion of expired items (`expire`, run by the
 * platform on its clock); spells ARNs in the platform's region and account; reads an open
 * database synchronously (LevelDB answers from its memtable or cache: no thread-pool job per read),
 * keeps the last 1,000 items read or written parsed (an item enters once LevelDB has its write:
 * test/integration/local-dynamodb/parsed-items.test.ts) and the values its queries last read
 * (256 K characters of them, each serving a read only while the store holds the very string it was
 * parsed from: test/integration/local-dynamodb/range-values.test.ts), answers a read of an item key it never
 * held without LevelDB (the fingerprints of the keys it may hold, read from the store once opened
 * and added by every write: test/integration/local-dynamodb/absent-items.test.ts), writes the
 * batches of one event-loop turn as one LevelDB write (group commit: each answered once LevelDB has
 * it, whole or not at all), and
 * spends less CPU per request with the same answers: attribute values checked in one pass (and
 * taken as they are, not copied, when already in the form the check gives: so is a whole item or
 * key whose values all are), a request's type descriptions read once (its members checked by a
 * function generated once per struct, each member's validations read once as a list of checks),
 * the member paths of its messages spelt only for a message, parsed expressions found by the
 * expression and then its names
 * and value types compared in place (parts holding no value shared by the requests that only read
 * them; the others copied by a function generated once per parse, of object and array literals),
 * item sizes weighed without a Big per integer (and once per stored item: an item is never
 * changed once stored, so its size is remembered, on the item under a symbol, as a property no
 * enumeration, spread nor JSON sees; an update's item weighed from its old item's
 * size and the attributes it changed: test/integration/local-dynamodb/update-size.test.ts),
 * BatchGetItem's reads without the async library's callbacks
 * (test/integration/local-dynamodb/batch-get.test.ts), key hashes and the hex of key strings remembered
 * (a hash key's hash prefix and hex as one key start, found by one lookup of the value; the table
 * key's part of an index entry's key made once per item written; a written item's key
 * as the store holds it spelt once, one string hashed once for its lock, read and write), an item action's table
 * parsed once per version of the tables (and answered at once from memory), updates that copy only
 * what they change (copy on write: test/integration/local-dynamodb/copy-on-write.test.ts), an index
 * entry's attributes taken by a function generated once per index (an object with fast properties), index
 * entries whose attributes a write leaves unchanged neither rewritten nor keyed again, item locks
 * in a Map (test/integration/local-dynamodb/validation.test.ts holds the answers it must keep).
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { LOCAL_ACCOUNT } from '../account.ts';
import { closeServer, listen, type LocalService } from '../listen.ts';
import type { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { inProcessDynamoDB, type Engine } from './in-process.ts';

const require = createRequire(import.meta.url);

type Callback<T> = (err: unknown, result?: T) => void;
interface DynaliteDb {
  writeItem?: unknown;
  itemWriteOps?: unknown;
  expireItems?: (store: unknown, nowSeconds: number, cb: Callback<number>) => void;
  upgradeIndexKeys?: (store: unknown, cb: Callback<boolean>) => void;
}

/** Refuses a dynalite without the patch (an `npm install` skipped or a patch that no longer applies). */
export function assertDynalitePatched(): void {
  const db = require('dynalite/db') as DynaliteDb;
  const has = (action: string) => {
    try {
      return typeof require(`dynalite/actions/${action}`) === 'function';
    } catch {
      return false;
    }
  };
  const complete =
    typeof db.writeItem === 'function' &&
    typeof db.itemWriteOps === 'function' &&
    typeof db.expireItems === 'function' &&
    typeof db.upgradeIndexKeys === 'function' &&
    ['transactWriteItems', 'transactGetItems', 'updateTimeToLive'].every(has);
  if (!complete) throw new Error('dynalite is not patched (patches/dynalite+4.0.0.patch): run `npm install`, which applies it');
}

export interface LocalDynamo extends LocalService {
  /** Deletes the items whose TTL is before `now` (the platform's clock), as DynamoDB's TTL does; resolves to how many. */
  expire(now: Date): Promise<number>;
  /** The engine behind the endpoint, for callers in this process: an operation and its JSON request. */
  engine: Engine;
  /** The adapters' client (adapters/aws/dynamodb.ts) reaching the engine in this process (no socket): see in-process.ts. */
  client(): DynamoDB;
  /** dynalite's store (its LevelDB), for the change feed (infra/local/events/change-feed.ts). */
  store: unknown;
}

/**
 * LevelDB's options for a store on disk (classic-level's defaults in brackets), for the platform's
 * resident memory. LevelDB maps each table file its table cache holds open (mmap), and every page a
 * read touches stays resident until the file leaves the cache: with 2 MB files and a cache of 990
 * files [maxOpenFiles 1000], a campaign that reads its items back held its whole store resident
 * (bench/campaign.ts, N=1,000 on disk: 53 MB of mapped tables at the end). LevelDB keeps at least 64
 * tables in the cache (maxOpenFiles ≥ 74) and makes them at least 1 MB: 64 MB mapped at most. The
 * block cache [8 MB] and the memtable [4 MB, two while one is written to disk] are native memory.
 * The memtable is kept at 4 MB: at 1 MB, LevelDB flushed and compacted four times as often, and an
 * item rewritten at every step of its dossier's life reached the disk each time (bench/campaign.ts:
 * ≈ −9 % CPU per dossier at N=1,000 for a peak RSS within a few MB).
 */
const LEVEL_OPTIONS = { maxOpenFiles: 74, maxFileSize: 1024 * 1024, cacheSize: 2 * 1024 * 1024, writeBufferSize: 4 * 1024 * 1024 };

/** DynamoDB API on loopback. `path` keeps data on disk (LevelDB); without it, memory only. */
export async function startDynalite(opts: { port?: number; path?: string; host?: string } = {}): Promise<LocalDynamo> {
  assertDynalitePatched();
  const dynalite = require('dynalite') as ((o: object) => Server & { store: unknown }) & {
    handle: (store: unknown, operation: string, data: object, cb: Parameters<Engine>[2]) => void;
  };
  const db = require('dynalite/db') as Required<DynaliteDb>;
  const host = opts.host ?? '127.0.0.1';
  const server = dynalite({
    path: opts.path,
    levelOptions: LEVEL_OPTIONS,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...LOCAL_ACCOUNT,
  });
  // Index entries keyed by a hash of the table key (a store written before the fix) are rewritten
  // before the first request: see upgradeIndexKeys in the patch.
  await new Promise<void>((resolve, reject) => db.upgradeIndexKeys(server.store, (err) => (err ? reject(err) : resolve())));
  const port = await listen(server, opts.port ?? 0, host, 'DynamoDB (dynalite)');
  const engine: Engine = (operation, data, cb) => dynalite.handle(server.store, operation, data, cb);
  return {
    engine,
    store: server.store,
    client: () => inProcessDynamoDB(engine),
    endpoint: `http://${host}:${port}`,
    port,
    close: () => closeServer(server),
    expire: (now) =>
      new Promise((resolve, reject) =>
        db.expireItems(server.store, now.getTime() / 1000, (err, count) => (err ? reject(err) : resolve(count ?? 0))),
      ),
  };
}

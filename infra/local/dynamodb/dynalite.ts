/**
 * The local DynamoDB: dynalite, as patched by patches/dynalite+4.0.0.patch (applied by
 * `npm install`, patch-package). dynalite as published writes an item, then its index entries, as
 * separate LevelDB writes (a kill -9 between them leaves an index entry its item does not match),
 * and has neither transactions nor TTL. The patch writes both in one LevelDB batch, as DynamoDB
 * applies an item and its indexes as one; adds TransactWriteItems (all or nothing: one batch),
 * TransactGetItems, UpdateTimeToLive and the deletion of expired items (`expire`, run by the
 * platform on its clock); spells ARNs in the platform's region and account; and reads an open
 * database synchronously (LevelDB answers from its memtable or cache: no thread-pool job per read).
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

/** DynamoDB API on loopback. `path` keeps data on disk (LevelDB); without it, memory only. */
export async function startDynalite(opts: { port?: number; path?: string; host?: string } = {}): Promise<LocalDynamo> {
  assertDynalitePatched();
  const dynalite = require('dynalite') as ((o: object) => Server & { store: unknown }) & {
    handle: (store: unknown, operation: string, data: object, cb: Parameters<Engine>[2]) => void;
  };
  const db = require('dynalite/db') as Required<DynaliteDb>;
  const host = opts.host ?? '127.0.0.1';
  const server = dynalite({ path: opts.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...LOCAL_ACCOUNT });
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

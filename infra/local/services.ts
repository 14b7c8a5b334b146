/**
 * Starters for the local stand-ins of AWS services: dynalite (DynamoDB API) and
 * aws-ses-v2-local (SES API with a mail viewer). Used by `npm start` and by the tests.
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);

export interface LocalService {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections?.();
  });
}

function listen(server: Server, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`${what}: port ${port} is already in use (set another port)`) : err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * dynalite as published writes an item, then its index entries, as separate LevelDB writes (a
 * kill -9 between them leaves an index entry its item does not match), and has no transactions.
 * patches/dynalite+4.0.0.patch (applied by `npm install`, patch-package) writes both in one
 * LevelDB batch, as DynamoDB applies an item and its indexes as one, and adds TransactWriteItems
 * (all or nothing: one batch) and TransactGetItems. Refuses a dynalite without them.
 */
export function assertDynalitePatched(): void {
  const db = require('dynalite/db') as { writeItem?: unknown; itemWriteOps?: unknown };
  const has = (action: string) => {
    try {
      return typeof require(`dynalite/actions/${action}`) === 'function';
    } catch {
      return false;
    }
  };
  if (
    typeof db.writeItem !== 'function' ||
    typeof db.itemWriteOps !== 'function' ||
    !has('transactWriteItems') ||
    !has('transactGetItems')
  ) {
    throw new Error('dynalite is not patched (patches/dynalite+4.0.0.patch): run `npm install`, which applies it');
  }
}

/** DynamoDB API on loopback. `path` keeps data on disk (LevelDB); without it, memory only. */
export async function startDynalite(opts: { port?: number; path?: string; host?: string } = {}): Promise<LocalService> {
  assertDynalitePatched();
  const dynalite = require('dynalite') as (o: object) => Server;
  const host = opts.host ?? '127.0.0.1';
  const server = dynalite({ path: opts.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server, opts.port ?? 0, host, 'DynamoDB (dynalite)');
  return { endpoint: `http://${host}:${port}`, port, close: () => closeServer(server) };
}

/** SES API on loopback; mail is readable at GET /store (JSON) and in the web viewer at /. */
export async function startSes(opts: { port?: number; host?: string } = {}): Promise<LocalService> {
  const mod = require('aws-ses-v2-local') as { default: (c: { port: number; host: string }) => Promise<Server> };
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  // aws-ses-v2-local listens itself; probe the port first so a taken port gets a clear message.
  if (port !== 0) {
    const { createServer } = await import('node:net');
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new Error(`SES (aws-ses-v2-local): port ${port} is already in use (set another port)`) : err),
      );
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
  const server = await mod.default({ port, host });
  const actual = (server.address() as AddressInfo).port;
  return { endpoint: `http://${host}:${actual}`, port: actual, close: () => closeServer(server) };
}

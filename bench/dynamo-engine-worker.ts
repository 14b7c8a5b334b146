/**
 * The engine of bench/dynamo-transport.ts's `worker` way: dynalite in a worker thread, answering
 * the operations the main thread posts ({ id, operation, data } → { id, err, result }).
 */
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as ((o: object) => { store: unknown }) & {
  handle: (store: unknown, operation: string, data: object, cb: (err: unknown, result?: object) => void) => void;
};
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
parentPort!.on('message', ({ id, operation, data }: { id: number; operation: string; data: object }) => {
  dynalite.handle(server.store, operation, data, (err, result) => {
    const e = err as { statusCode?: number; body?: unknown } | null;
    parentPort!.postMessage({ id, err: e ? { statusCode: e.statusCode, body: e.body } : null, result });
  });
});

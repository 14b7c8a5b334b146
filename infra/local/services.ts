/**
 * Starters for the local stand-ins of AWS services: dynalite (DynamoDB API) and
 * aws-ses-v2-local (SES API with a mail viewer). Used by `npm start` and by the tests.
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, type LocalService } from './listen.ts';

export type { LocalService } from './listen.ts';
export { assertDynalitePatched, startDynalite, type LocalDynamo } from './dynamodb/dynalite.ts';

const require = createRequire(import.meta.url);

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

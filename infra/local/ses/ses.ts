/**
 * The local SES: aws-ses-v2-local (its web viewer at /, every email as JSON at GET /store), as
 * patched by patches/aws-ses-v2-local+2.10.2.patch (applied by `npm install`, patch-package):
 * - emails are kept in a JSON-lines file, not in memory (a campaign's thousands of emails stayed in
 *   the process): `emailsFile` (the platform's data directory keeps them between runs) or a
 *   temporary file, removed with its directory once the process's last local SES closes; in
 *   memory, only each email's time and place in the file; GET /store streams
 *   them from the file (read, parsed and serialized at once, a campaign's 62 MB of emails took the
 *   process 450 MB more), and the viewer's download finds its email one line at a time;
 * - every SES v1 action answers: SendEmail and SendRawEmail as SES does, any other with SES's own
 *   error for an action it does not know (InvalidAction, naming it) — they used to hang; an SES v2
 *   operation it does not implement answers an SES v2 error naming its method and path;
 * - its SES v1 actions are exported (`v1Action`), so the platform's own client reaches them in-process
 *   (./in-process.ts: `client()`), the port staying for outside clients.
 */
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ses } from '#adapters/aws/ses.ts';
import { closeServer, type LocalService } from '../listen.ts';
import { inProcessSes } from './in-process.ts';

const require = createRequire(import.meta.url);

/** Refuses an aws-ses-v2-local without the patch (an `npm install` skipped or a patch that no longer applies). */
export function assertSesPatched(): void {
  const store = require('aws-ses-v2-local/dist/store.js') as Partial<
    Record<'useEmailsFile' | 'releaseEmailsFile' | 'emailsJsonSince' | 'emailCount', unknown>
  >;
  const server = require('aws-ses-v2-local') as { v1Action?: unknown };
  if (
    typeof store.useEmailsFile !== 'function' ||
    typeof store.releaseEmailsFile !== 'function' ||
    typeof store.emailsJsonSince !== 'function' ||
    typeof store.emailCount !== 'function' ||
    typeof server.v1Action !== 'function'
  ) {
    throw new Error('aws-ses-v2-local is not patched (patches/aws-ses-v2-local+2.10.2.patch): run `npm install`, which applies it');
  }
}

/** How many emails the local SES of this process holds (its store is one per process), without reading them. */
export function storedEmailCount(): number {
  return (require('aws-ses-v2-local/dist/store.js') as { emailCount: () => number }).emailCount();
}

export interface LocalSes extends LocalService {
  /** The adapters' SES client (adapters/aws/ses.ts) reaching this SES's actions in this process (no socket): see in-process.ts. */
  client(): Ses;
}

/** SES API on loopback; mail is readable at GET /store (JSON) and in the web viewer at /. */
export async function startSes(opts: { port?: number; host?: string; emailsFile?: string } = {}): Promise<LocalSes> {
  assertSesPatched();
  const mod = require('aws-ses-v2-local') as { default: (c: { port: number; host: string; emailsFile?: string }) => Promise<Server> };
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  // aws-ses-v2-local listens itself; probe the port first so a taken port gets a clear message.
  if (port !== 0) {
    await new Promise<void>((resolve, reject) => {
      const probe = createNetServer();
      probe.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new Error(`SES (aws-ses-v2-local): port ${port} is already in use (set another port)`) : err),
      );
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
  const server = await mod.default({ port, host, ...(opts.emailsFile ? { emailsFile: opts.emailsFile } : {}) });
  const actual = (server.address() as AddressInfo).port;
  return { endpoint: `http://${host}:${actual}`, port: actual, client: inProcessSes, close: () => closeServer(server) };
}

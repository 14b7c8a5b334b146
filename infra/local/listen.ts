/** A local stand-in of an AWS service, listening on loopback. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalService {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections?.();
  });
}

/** Listens on `host:port` (0: any free port); a port already taken is refused with the service's name. */
export function listen(server: Server, port: number, host: string, what: string): Promise<number> {
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

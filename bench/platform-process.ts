/**
 * The local platform in a process of its own, as `npm start` runs it (its V8 flags, no client in
 * its event loop), driven by the benchmark that spawned it over IPC: `startPlatformProcess(options)`
 * gives its API endpoint, `tick()` (one scheduler tick, resolved once its work is done, as
 * `Platform.tick`), its CPU time so far, and `stop()`. The same file is the child's entry.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PLATFORM_ENV, PLATFORM_NODE_FLAGS } from '#infra/local/node-flags.ts';

type Request = { id: number; op: 'tick' | 'cpu' | 'cpuLatencies' | 'stop' };
type Reply = { id: number; value?: unknown; error?: string } | { ready: string } | { failed: string };

export interface PlatformProcess {
  api: string;
  tick(): Promise<void>;
  /** The platform process's CPU time (user + system) so far, in ms. */
  cpuMs(): Promise<number>;
  /**
   * Each request answered since the last call, by `METHOD path` (its second segment as `{id}`): the
   * CPU time the platform process spent from its arrival to its answer — its latency in CPU time,
   * which other processes on the machine do not skew as they skew its wall time.
   */
  cpuLatencies(): Promise<Record<string, number[]>>;
  stop(): Promise<void>;
}

/** Starts the platform (in memory, HTTP API on port 0) in a child process; `startAt` and `tickMs` as `startPlatform`'s. */
export function startPlatformProcess(options: { startAt: Date; tickMs: number }): Promise<PlatformProcess> {
  const child = fork(fileURLToPath(import.meta.url), [options.startAt.toISOString(), String(options.tickMs)], {
    execArgv: [...PLATFORM_NODE_FLAGS],
    env: { ...process.env, ...PLATFORM_ENV },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const ask = (op: Request['op']) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      child.send({ id, op } satisfies Request);
    });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      const error = new Error(`the platform process exited (${code ?? signal})`);
      for (const p of pending.values()) p.reject(error);
      reject(error);
    });
    child.on('message', (reply: Reply) => {
      if ('failed' in reply) return reject(new Error(reply.failed));
      if ('ready' in reply)
        return resolve({
          api: reply.ready,
          tick: async () => void (await ask('tick')),
          cpuMs: async () => (await ask('cpu')) as number,
          cpuLatencies: async () => (await ask('cpuLatencies')) as Record<string, number[]>,
          stop: async () => {
            const exited = new Promise((done) => child.once('exit', done));
            await ask('stop');
            await exited;
          },
        });
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error) p?.reject(new Error(reply.error));
      else p?.resolve(reply.value);
    });
  });
}

// The child: the platform, answering its parent.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const { startPlatform } = await import('#infra/local/platform.ts');
  const { Server } = await import('node:http');
  const send = (reply: Reply) => process.send?.(reply);
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let cpuLatencies: Record<string, number[]> = {};
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: InstanceType<typeof Server>, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const [request, response] = args as [import('node:http').IncomingMessage, import('node:http').ServerResponse];
      const arrived = cpuNow();
      // `/taches/<id>/decision` → `/taches/{id}/decision`
      const key = `${request.method} ${(request.url ?? '').split('?')[0]!.replace(/^(\/[^/]+\/)[^/]+/, '$1{id}')}`;
      response.once('finish', () => (cpuLatencies[key] ??= []).push(cpuNow() - arrived));
    }
    return emit.call(this, event, ...args);
  } as typeof emit;
  try {
    const platform = await startPlatform({ startAt: new Date(process.argv[2]!), tickMs: Number(process.argv[3]) });
    process.on('message', async ({ id, op }: Request) => {
      try {
        if (op === 'tick') await platform.tick();
        if (op === 'cpu') return send({ id, value: cpuNow() });
        if (op === 'cpuLatencies') {
          send({ id, value: cpuLatencies });
          cpuLatencies = {};
          return;
        }
        if (op === 'stop') {
          await platform.stop();
          send({ id });
          return process.disconnect();
        }
        send({ id });
      } catch (error) {
        send({ id, error: String((error as Error)?.stack ?? error) });
      }
    });
    send({ ready: platform.api });
  } catch (error) {
    send({ failed: String((error as Error)?.stack ?? error) });
    process.exit(1);
  }
}

/**
 * How fast the machine is, at this moment, for the kind of work the inbox bench does — none of the
 * project's code in it: a server process answers a 9 KB JSON body (an inbox's size) over loopback
 * HTTP to 50 keep-alive clients in this process, 20,000 requests after as many to warm up; the
 * figure is each side's CPU time per request and the requests per second.
 *
 * Why: on a shared 2 vCPU VM the same code's figures drift by up to 2× within hours (2026-12-04:
 * the platform's main thread 0.96 ms per GET + decision at 15:50, 1.85 at 18:10, no change of code),
 * while a single-threaded loop runs as fast as ever. The drift is in the kernel's side of the work
 * (syscalls, loopback TCP) and in two processes sharing the CPUs, which is what this measures:
 * server 29–37 µs and client 47–65 µs per request over that afternoon, as the bench slowed.
 * It missed part of the drift: at 19:20 the same day the loopback figures were the best seen (28.9 /
 * 44.5 µs) while the inbox bench still ran 1.3–1.8× slower than at 15:50, and so did a loop that
 * only parses and rebuilds JSON in one thread (2.0–2.9 s against 1.6 s at 17:40): work that allocates
 * and collects much — as the platform's does — slowed on its own. So a second figure times that:
 * `jsonUsPerDocument`, the CPU to parse a 9 KB inbox-like JSON text, add an entry and serialize it
 * again, in this process alone, after the HTTP part.
 * `npm run bench` runs it at its start and at its end (`machine.speed`), so that a reader can tell
 * the machine's state from the code's effect before comparing two runs.
 *
 * Run alone: `node bench/machine-speed.ts`.
 */
import { fork } from 'node:child_process';
import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { round } from './lib.ts';

const CLIENTS = 50;
const REQUESTS = 20_000;

export interface MachineSpeed {
  /** The server process's CPU time per request answered, µs. */
  serverCpuUsPerRequest: number;
  /** The clients' process's CPU time per request, µs. */
  clientCpuUsPerRequest: number;
  requestsPerSecond: number;
  /** CPU time to parse, extend and serialize again a 9 KB JSON document, µs (single thread, allocation-heavy). */
  jsonUsPerDocument: number;
}

const JSON_DOCUMENTS = 20_000;

/** CPU µs per document of a parse → change → serialize loop over an inbox-like 9 KB JSON text (after as many to warm up). */
function jsonSpeed(): number {
  const text = JSON.stringify({
    items: Array.from({ length: 40 }, (_, i) => ({
      id: `task-${i}`,
      dossier: { ref: `AAP26-1.1-${i}`, name: 'x'.repeat(100), amounts: { a: i, b: i * 2 } },
      steps: ['a', 'b', 'c'],
    })),
  });
  let size = 0;
  const run = () => {
    for (let i = 0; i < JSON_DOCUMENTS; i++) {
      const document = JSON.parse(text) as { items: unknown[] };
      document.items.push({ id: i });
      size += JSON.stringify(document).length;
    }
  };
  run();
  const cpu0 = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(cpu0);
  if (size === 0) throw new Error('unreachable: keeps the loop from being optimized away');
  return (cpu.user + cpu.system) / JSON_DOCUMENTS;
}

function serve(): void {
  const items = Array.from({ length: 60 }, (_, i) => ({ id: `task-${i}`, label: 'x'.repeat(120) }));
  const body = JSON.stringify({ items });
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', () => process.send!({ cpu: process.cpuUsage() }));
}

async function measure(): Promise<MachineSpeed> {
  const server = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: 'ignore' });
  const next = () => new Promise<any>((resolve) => server.once('message', resolve));
  try {
    const { port } = await next();
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const call = () =>
      new Promise<void>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/taches', agent }, (response) => {
          response.resume();
          response.on('end', resolve);
        }).on('error', reject);
      });
    const burst = async () => {
      let sent = 0;
      const client = async () => {
        while (sent < REQUESTS) {
          sent++;
          await call();
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
    };
    const serverCpu = async () => {
      const answer = next();
      server.send('cpu');
      const { cpu } = await answer;
      return (cpu.user + cpu.system) as number;
    };
    await burst(); // warm-up: JIT, sockets
    const server0 = await serverCpu();
    const client0 = process.cpuUsage();
    const started = performance.now();
    await burst();
    const seconds = (performance.now() - started) / 1000;
    const client = process.cpuUsage(client0);
    const server1 = await serverCpu();
    agent.destroy();
    return {
      serverCpuUsPerRequest: round((server1 - server0) / REQUESTS, 1),
      clientCpuUsPerRequest: round((client.user + client.system) / REQUESTS, 1),
      requestsPerSecond: Math.round(REQUESTS / seconds),
      jsonUsPerDocument: round(jsonSpeed(), 1),
    };
  } finally {
    server.kill();
  }
}

if (process.argv.includes('--serve')) serve();
else if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await measure()));

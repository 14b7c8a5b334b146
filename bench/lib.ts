/** Small helpers shared by the measurements: statistics, timing, child processes, an HTTP client. */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { buildEntry } from '#infra/local/built-entry.ts';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** Wall time of `work`, and the CPU time (user + system) this process spent meanwhile: steadier than wall time on a busy machine. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const spent = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (spent.user + spent.system) / 1000, value };
}

/** Peak resident set size of this process so far, in MB. */
export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Runs `work` on every item with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function machine() {
  const mem = readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(mem)?.[1] ?? NaN);
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memTotalGb: round(kb('MemTotal') / 1024 / 1024, 1) || round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    /** 1, 5 and 15-minute load averages: other work on the machine skews the figures. */
    loadAverage: loadavg().map((x) => round(x, 2)),
  };
}

/**
 * Runs one measurement in a fresh Node 24 process (this process's `node`): `bench/<file>` with
 * its arguments (`built`: the file built into JavaScript, as `npm start` runs the platform:
 * infra/local/built-entry.ts); the measurement prints its result as the last line of stdout, as JSON.
 */
export async function runChild<T>(
  file: string,
  args: string[] = [],
  options: { timeoutMs?: number; env?: Record<string, string>; nodeArgs?: string[]; built?: boolean } = {},
): Promise<T> {
  const script = options.built ? await buildEntry(`${BENCH_DIR}${file}`) : `${BENCH_DIR}${file}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      process.stderr.write(c);
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench/${file} ${args.join(' ')} exited with ${code ?? signal}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`bench/${file}: no JSON result on its last line: ${out.slice(-1000)}`));
      }
    });
  });
}

/** Prints a progress line on stderr (stdout carries the result). */
export const progress = (line: string) => process.stderr.write(`  ${line}\n`);

export interface HttpCall {
  status: number;
  body: any;
  ms: number;
  headers: { get(name: string): string | null };
}

/**
 * The headers Node's `fetch` (undici) sends besides the caller's, in its order: the bench used
 * `fetch` until the client was made lighter, and keeping them keeps the platform's work per request
 * (parsing them, copying them into the API Gateway event twice) what it was, like a browser's.
 */
const FETCH_HEADERS = {
  accept: '*/*',
  'accept-language': '*',
  'sec-fetch-mode': 'cors',
  'user-agent': 'node',
  'accept-encoding': 'gzip, deflate',
};

/**
 * A JSON client of the local HTTP API with the local identity header; records each call's latency.
 *
 * On `node:http` with a keep-alive agent rather than `fetch`: 50 clients share this one event loop
 * on the platform's machine, and `fetch` spent about twice the CPU per request (WHATWG streams,
 * Headers objects), time during which answers that had arrived waited and that the platform's other
 * threads could not use. The platform never compresses, so no decoding is needed.
 */
export function httpClient(api: string, identityHeader: string) {
  const latencies: { route: string; ms: number; status: number }[] = [];
  const { hostname, port } = new URL(api);
  const agent = new Agent({ keepAlive: true });
  const call = (method: string, path: string, identity?: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpCall> =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = httpRequest(
        {
          hostname,
          port,
          method,
          path,
          agent,
          headers: {
            'content-type': 'application/json',
            ...(identity ? { [identityHeader]: identity } : {}),
            ...FETCH_HEADERS,
            ...headers,
            ...(payload === undefined ? {} : { 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const ms = performance.now() - start;
            const status = response.statusCode ?? 0;
            if (!path.startsWith('/_local/')) latencies.push({ route: `${method} ${routeOf(path)}`, ms, status });
            try {
              resolve({
                status,
                body: text && response.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
                ms,
                headers: { get: (name) => headerValue(response.headers[name.toLowerCase()]) },
              });
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  /** Like `call`, but any status outside 2xx throws. */
  const ok = async (
    method: string,
    path: string,
    identity?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpCall> => {
    const res = await call(method, path, identity, body, headers);
    if (res.status < 200 || res.status > 299)
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    return res;
  };
  return { call, ok, latencies };
}

/** A response header as `Headers.get` gives it: repeated values joined, absent → null. */
const headerValue = (value: string | string[] | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;

/** `/dossiers/abc/comites/2026-06-15/compte-rendu` → `/dossiers/:id/comites/:date/compte-rendu`. */
function routeOf(path: string): string {
  const [p] = path.split('?') as [string];
  return p
    .replace(/^\/dossiers\/[^/]+/, '/dossiers/:id')
    .replace(/^\/taches\/[^/]+/, '/taches/:id')
    .replace(/\/comites\/\d{4}-\d{2}-\d{2}/, '/comites/:date');
}

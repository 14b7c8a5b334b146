/**
 * Where a platform process's resident memory goes over a run: with `BENCH_MEMORY_TRACE=<file>` in
 * its environment, the platform process (bench/platform-process.ts) appends a JSON line every
 * second: RSS, V8's heap spaces (committed and used), external and array buffers, and, from
 * /proc/self/smaps, resident memory by kind of mapping (V8's heap, other anonymous memory — malloc's
 * arenas and threads' stacks —, mapped files such as LevelDB's tables, code).
 *
 *   BENCH_MEMORY_TRACE=/tmp/trace.jsonl node bench/campaign.ts --n 1000
 *   node bench/memory-trace.ts /tmp/trace.jsonl     the samples where the peak RSS rose by 4 MB or more
 *
 * Reading /proc/self/smaps costs a few ms a second: a traced run is for finding where memory goes,
 * not for its CPU figures.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';

const MB = 2 ** 20;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** Resident kB by kind of mapping, from /proc/self/smaps. */
function residentByMapping(): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const [, perms, name] = head as unknown as [string, string, string];
      if (!name) kind = perms.includes('x') ? 'anon-exec' : 'anon';
      else if (name.startsWith('[')) kind = name;
      else if (/\.(ldb|sst|log)$/.test(name)) kind = 'leveldb-files';
      else if (name.includes('/node')) kind = 'node-binary';
      else kind = `file:${name.split('/').pop()}`;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] = (out[kind] ?? 0) + Number(rss[1]);
  }
  return out;
}

interface Sample {
  s: number;
  rss: number;
  peak: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, readonly [committed: number, used: number]>;
  maps: Record<string, number>;
}

/** Samples every `everyMs` until the returned function is called (the timer does not keep the process alive). */
export function startMemoryTrace(file: string, everyMs = 1000): () => void {
  const t0 = performance.now();
  const sample = () => {
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ''), [mb(s.space_size), mb(s.space_used_size)] as const]),
    );
    const maps = Object.entries(residentByMapping())
      .filter(([, kb]) => kb >= 1024)
      .sort((a, b) => b[1] - a[1])
      .map(([k, kb]) => [k, Math.round(kb / 1024)]);
    appendFileSync(
      file,
      `${JSON.stringify({
        s: Math.round((performance.now() - t0) / 100) / 10,
        rss: mb(m.rss),
        peak: mb(process.resourceUsage().maxRSS * 1024),
        heapTotal: mb(m.heapTotal),
        heapUsed: mb(m.heapUsed),
        external: mb(m.external),
        arrayBuffers: mb(m.arrayBuffers),
        spaces,
        maps: Object.fromEntries(maps),
      } satisfies Sample)}\n`,
    );
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const samples = readFileSync(process.argv[2]!, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Sample);
  let shown = 0;
  for (const x of samples) {
    if (x.peak < shown + 4) continue;
    shown = x.peak;
    const space = (name: string) => (x.spaces[name] ?? [0, 0]).join('/');
    const maps = Object.entries(x.maps)
      .map(([kind, mb]) => `${kind} ${mb}`)
      .join(', ');
    console.log(
      `${x.s} s  rss ${x.rss}  peak ${x.peak} MB | heap ${x.heapTotal} (used ${x.heapUsed}): new ${space('new')}, old ${space('old')}, ` +
        `code ${space('code')}, trusted ${space('trusted')}, large ${space('large_object')} | external ${x.external} | resident: ${maps}`,
    );
  }
}

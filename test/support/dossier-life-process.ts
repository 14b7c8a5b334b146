/**
 * Runs the kill tests' child (test/integration/workflows/fixtures/dossier-life-child.ts) on a data
 * dir, optionally killing it with SIGKILL `killAfterMs` after it says it started (or after the first
 * progress mark `killFrom` accepts); resolves with its progress marks and what it printed as its
 * end (`DONE <json>`) when it ran to the end.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../integration/workflows/fixtures/dossier-life-child.ts', import.meta.url));

export interface LifeRun<T> {
  killed: boolean;
  done?: T;
  ms: number;
  /** The child's progress marks (`AT <mark>` lines: `started`, `<step> <n>`, `end`), with the ms since it was spawned. */
  marks: { at: string; ms: number }[];
}

export function runDossierLife<T>(
  dataDir: string,
  opts: { killAfterMs?: number; killFrom?: (mark: string) => boolean; env?: Record<string, string> } = {},
): Promise<LifeRun<T>> {
  const started = Date.now();
  const child = spawn(process.execPath, [CHILD, dataDir], {
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killFrom = opts.killFrom ?? ((mark: string) => mark === 'started');
  const marks: LifeRun<T>['marks'] = [];
  let killTimer: NodeJS.Timeout | undefined;
  let done: T | undefined;
  let unreadable: Error | undefined;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('AT ')) {
      const at = line.slice(3);
      marks.push({ at, ms: Date.now() - started });
      if (opts.killAfterMs !== undefined && !killTimer && killFrom(at))
        killTimer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    }
    if (!line.startsWith('DONE ')) return;
    try {
      done = JSON.parse(line.slice(5)) as T;
    } catch (error) {
      unreadable = new Error(`the child's end (${line.length} characters) is not JSON`, { cause: error });
    }
  });
  // 'close', not 'exit': the DONE line (megabytes for 100 dossiers) may still be in the pipe
  // when the process exits.
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      if (unreadable) reject(unreadable);
      else if (signal === 'SIGKILL' || code === 0)
        resolve({ killed: signal === 'SIGKILL', ...(done === undefined ? {} : { done }), ms: Date.now() - started, marks });
      else reject(new Error(`child exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

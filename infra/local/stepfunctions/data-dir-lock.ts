/**
 * One runtime per data directory: two processes appending to the same journal would each replay
 * only their own records. `LOCK` holds the owner's pid and, on Linux, its start time (so a pid
 * reused by another process after a kill -9 is not taken for the owner). A lock whose owner is
 * gone is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Owner {
  pid: number;
  started?: string;
}

/** The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), where there is a /proc. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  return owner.started === undefined || startTimeOf(owner.pid) === owner.started;
}

function readOwner(path: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Owner;
  } catch {
    return undefined; // gone, or half-written by a process killed while taking it: not an owner
  }
}

/** Takes the directory for this process; returns the release. Throws if a live process (this one included) holds it. */
export function lockDataDirectory(dir: string): () => void {
  const path = join(dir, 'LOCK');
  const me: Owner = { pid: process.pid };
  const started = startTimeOf(process.pid);
  if (started !== undefined) me.started = started;
  const release = () => {
    if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (owner && isAlive(owner)) {
      const who = owner.pid === process.pid ? 'another runtime of this process' : `process ${owner.pid}`;
      throw new Error(
        `local Step Functions: the data directory ${dir} is in use by ${who}; one runtime per data directory (stop it, or use another data directory)`,
      );
    }
    rmSync(path, { force: true }); // its owner is gone (killed)
  }
  throw new Error(`local Step Functions: could not take ${path} (another process is starting on the same data directory)`);
}

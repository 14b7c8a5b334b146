import { readdirSync, readFileSync } from 'node:fs';

/** The threads of a process (Linux): each one's name and nice value (/proc/<pid>/task/<tid>: comm, field 19 of stat). */
export function threadsOf(pid: number | 'self'): { name: string; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => ({
    name: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(),
    // After the name in parentheses, field 19 is the 17th.
    nice: Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]),
  }));
}

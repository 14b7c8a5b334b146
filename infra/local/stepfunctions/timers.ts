/**
 * The runtime's timers, in memory, in a priority queue by due instant: firing what is due reads
 * only that. Timers derive from the state (an execution's time limit, a parked Wait's end, a
 * pending callback's timeout and heartbeat), so they are never stored: they are rebuilt from the
 * state on restart. A timer whose cause has moved on (an answered callback, a later heartbeat, a
 * closed execution) is found stale when it comes due, and dropped.
 */
import TinyQueue from 'tinyqueue';

export type TimerKind = 'wait' | 'task-timeout' | 'heartbeat' | 'execution-timeout';

export interface Timer {
  kind: TimerKind;
  /** ISO instant. */
  dueAt: string;
  executionArn: string;
  /** The park id (wait), the token (task-timeout, heartbeat) or the execution ARN (execution-timeout). */
  ref: string;
}

type Entry = Timer & { due: number };

/** By due instant; within an instant in a fixed order (kind, then ref), so that runs compare. */
function compare(a: Entry, b: Entry): number {
  return a.due - b.due || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
}

export class Timers {
  readonly #queue = new TinyQueue<Entry>([], compare);

  get size(): number {
    return this.#queue.length;
  }

  add(timer: Timer): void {
    this.#queue.push({ ...timer, due: Date.parse(timer.dueAt) });
  }

  /** Removes and returns the timers of the earliest due instant, if it is at or before `now`. */
  takeFirstDue(now: Date): Timer[] {
    const first = this.#queue.peek();
    if (!first || first.due > now.getTime()) return [];
    const due: Timer[] = [];
    while (this.#queue.peek()?.due === first.due) due.push(this.#queue.pop() as Entry);
    return due;
  }
}

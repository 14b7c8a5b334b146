/**
 * The worker over the durable work queue. It reads every pending work item (oldest first) and
 * runs, for each execution, its oldest item — one at a time per execution, executions in
 * parallel. When an item is done it reads the queue again. A failure of the runtime itself
 * (not of a task) leaves the item pending, blocks its execution until `recover()`, and makes
 * `idle()` reject.
 */
import type { RuntimeStore, WorkItem } from './store.ts';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class WorkQueue {
  readonly #store: RuntimeStore;
  readonly #process: (item: WorkItem) => Promise<void>;
  readonly #onFailure: (error: unknown, item?: WorkItem) => void;
  readonly #running = new Map<string, Promise<void>>();
  readonly #blocked = new Set<string>();
  #waiters: Waiter[] = [];
  #pumping: Promise<void> | undefined;
  #dirty = false;
  #closed = false;
  #failure: { error: unknown } | undefined;

  constructor(store: RuntimeStore, process: (item: WorkItem) => Promise<void>, onFailure: (error: unknown, item?: WorkItem) => void) {
    this.#store = store;
    this.#process = process;
    this.#onFailure = onFailure;
  }

  /** Something may have been enqueued: read the queue again. */
  kick(): void {
    if (this.#closed) return;
    this.#dirty = true;
    this.#pumping ??= this.#pump().finally(() => {
      this.#pumping = undefined;
      if (this.#dirty) this.kick();
      else this.#settleWaiters();
    });
  }

  /** Forgets earlier failures and runs every pending item again (after a restart, or a fixed fault). */
  recover(): void {
    this.#blocked.clear();
    this.#failure = undefined;
    this.kick();
  }

  /** Resolves when no work item is pending or running (rejects if one failed since the last recover). */
  idle(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#settleWaiters();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#pumping;
    await Promise.allSettled([...this.#running.values()]);
    this.#settleWaiters();
  }

  #isIdle(): boolean {
    return this.#pumping === undefined && this.#running.size === 0 && !this.#dirty;
  }

  #settleWaiters(): void {
    if (!this.#isIdle() && !this.#closed) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      if (this.#failure) waiter.reject(this.#failure.error);
      else waiter.resolve();
    }
  }

  #fail(error: unknown, item?: WorkItem): void {
    this.#failure ??= { error };
    this.#onFailure(error, item);
  }

  async #pump(): Promise<void> {
    while (this.#dirty && !this.#closed) {
      this.#dirty = false;
      let items: WorkItem[];
      try {
        items = await this.#store.pendingWork();
      } catch (error) {
        this.#fail(error);
        return;
      }
      const seen = new Set<string>();
      for (const item of items) {
        if (seen.has(item.executionArn)) continue;
        seen.add(item.executionArn);
        if (this.#running.has(item.executionArn) || this.#blocked.has(item.executionArn)) continue;
        this.#launch(item);
      }
    }
  }

  #launch(item: WorkItem): void {
    const run = this.#process(item)
      .catch((error: unknown) => {
        this.#blocked.add(item.executionArn);
        this.#fail(error, item);
      })
      .finally(() => {
        this.#running.delete(item.executionArn);
        this.kick();
      });
    this.#running.set(item.executionArn, run);
  }
}

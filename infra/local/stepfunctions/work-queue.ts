/**
 * The worker, in memory: executions with work to do (started, answered, Wait ended) are pushed
 * here and run one segment at a time per execution, executions in parallel. Nothing is read back
 * from storage: what has work is known when it gets it (and, after a restart, from the state
 * rebuilt at start). A failure of the runtime itself (not of a task) blocks its execution until
 * `recover()`, and makes `idle()` reject.
 */

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class WorkQueue {
  /** Runs the execution's next segment if it has one; true if it ran one (it may have more). */
  readonly #process: (executionArn: string) => Promise<boolean>;
  readonly #onFailure: (error: unknown, executionArn: string) => void;
  readonly #running = new Set<string>();
  /** Pushed while running: looked at again when the run ends. */
  readonly #again = new Set<string>();
  readonly #blocked = new Set<string>();
  #waiters: Waiter[] = [];
  #closing: Promise<void> | undefined;
  #closed = false;
  #failure: { error: unknown } | undefined;

  constructor(process: (executionArn: string) => Promise<boolean>, onFailure: (error: unknown, executionArn: string) => void) {
    this.#process = process;
    this.#onFailure = onFailure;
  }

  /** The execution may have work to do. */
  push(executionArn: string): void {
    if (this.#closed || this.#blocked.has(executionArn)) return;
    if (this.#running.has(executionArn)) {
      this.#again.add(executionArn);
      return;
    }
    this.#running.add(executionArn);
    this.#process(executionArn).then(
      (ran) => this.#done(executionArn, ran),
      (error: unknown) => {
        this.#blocked.add(executionArn);
        this.#failure ??= { error };
        this.#onFailure(error, executionArn);
        this.#done(executionArn, false);
      },
    );
  }

  /** Forgets earlier failures and pushes the executions given (after a restart, or a fixed fault). */
  recover(executionArns: Iterable<string>): void {
    this.#blocked.clear();
    this.#failure = undefined;
    for (const arn of executionArns) this.push(arn);
    this.#settleWaiters();
  }

  /** Resolves when nothing runs (rejects if a run failed since the last recover). */
  idle(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#settleWaiters();
    });
  }

  /** Stops taking work; resolves when the runs in progress have ended. */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.idle().catch(() => {});
    return this.#closing;
  }

  #done(executionArn: string, ran: boolean): void {
    this.#running.delete(executionArn);
    const again = this.#again.delete(executionArn);
    if ((ran || again) && !this.#blocked.has(executionArn)) this.push(executionArn);
    this.#settleWaiters();
  }

  #settleWaiters(): void {
    if (this.#running.size > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      if (this.#failure) waiter.reject(this.#failure.error);
      else waiter.resolve();
    }
  }
}

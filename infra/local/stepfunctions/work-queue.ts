/**
 * The worker, in memory: executions with work to do (started, answered, Wait ended) are pushed
 * here and run one segment at a time per execution. Nothing is read back from storage: what has
 * work is known when it gets it (and, after a restart, from the state rebuilt at start). A
 * failure of the runtime itself (not of a task) blocks its execution until `recover()`, and makes
 * `idle()` reject.
 *
 * Background work yields to requests: the runtime shares its event loop with the API, and the
 * in-process DynamoDB and Step Functions answers are promise chains that interleave hop by hop
 * with every other chain in flight. So segments run at most `concurrency()` at a time (asked
 * before each start: the platform lowers it to 1 while the API answers requests), started in a
 * later event-loop turn (setImmediate), after the requests that arrived meanwhile. With
 * every resumed segment at once, 50 decisions in flight waited behind up to 50 segments: about
 * twice the CPU time from a request's arrival to its answer (bench/inbox-load.ts).
 *
 * `concurrency()` may be 0 (the platform's API-first policy: no segment while requests are in
 * flight). So that a sustained load cannot starve the workflows, `maxYieldMs` bounds the yielding:
 * with the limit at 0, one segment at a time still starts once none has started or ended for that
 * long.
 */

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Segments running at once by default: no bound, as plain aws-local-stepfunctions runs its
 * executions. Bounding is the platform's policy to serve its API (platform.ts); the runtime alone
 * bounded at 4 was slower (more, smaller group commits of the journal: `npm run bench -- --only
 * durability`, durable / plain 2.3–2.8 × against 1.9–2.1 × unbounded, same quiet machine).
 */
export const DEFAULT_CONCURRENCY = Number.POSITIVE_INFINITY;

export class WorkQueue {
  /** Runs the execution's next segment if it has one; true if it ran one (it may have more). */
  readonly #process: (executionArn: string) => Promise<boolean>;
  readonly #onFailure: (error: unknown, executionArn: string) => void;
  readonly #concurrency: () => number;
  readonly #maxYieldMs: number;
  /** When a segment last started or ended (performance.now()), for `maxYieldMs`. */
  #lastProgress = performance.now();
  #yieldTimer: NodeJS.Timeout | undefined;
  /** Pushed and not done: waiting for a slot (`#ready`, in order) or running. */
  readonly #pending = new Set<string>();
  readonly #ready: string[] = [];
  #inFlight = 0;
  #startScheduled = false;
  /** Pushed while pending: looked at again when its run ends. */
  readonly #again = new Set<string>();
  readonly #blocked = new Set<string>();
  #waiters: Waiter[] = [];
  #closing: Promise<void> | undefined;
  #closed = false;
  #failure: { error: unknown } | undefined;

  constructor(
    process: (executionArn: string) => Promise<boolean>,
    onFailure: (error: unknown, executionArn: string) => void,
    concurrency: () => number = () => DEFAULT_CONCURRENCY,
    maxYieldMs = Number.POSITIVE_INFINITY,
  ) {
    this.#process = process;
    this.#onFailure = onFailure;
    this.#concurrency = concurrency;
    this.#maxYieldMs = maxYieldMs;
  }

  /** The execution may have work to do. */
  push(executionArn: string): void {
    if (this.#closed || this.#blocked.has(executionArn)) return;
    if (this.#pending.has(executionArn)) {
      this.#again.add(executionArn);
      return;
    }
    this.#pending.add(executionArn);
    this.#ready.push(executionArn);
    this.#scheduleStart();
  }

  /** Forgets earlier failures and pushes the executions given (after a restart, or a fixed fault). */
  recover(executionArns: Iterable<string>): void {
    this.#blocked.clear();
    this.#failure = undefined;
    for (const arn of executionArns) this.push(arn);
    this.#settleWaiters();
  }

  /** The concurrency may have grown: starts what waits for a slot. */
  wake(): void {
    this.#scheduleStart();
  }

  /** Resolves when nothing runs or waits to (rejects if a run failed since the last recover). */
  idle(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#settleWaiters();
    });
  }

  /** Stops taking work; resolves when the runs in progress have ended (what waits for a slot runs again after a restart). */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#yieldTimer);
    for (const executionArn of this.#ready.splice(0)) this.#pending.delete(executionArn);
    this.#closing ??= this.idle().catch(() => {});
    return this.#closing;
  }

  /** `concurrency()`, or 1 when it is 0 and nothing has started or ended for `maxYieldMs` (else a timer asks again then). */
  #limit(): number {
    const limit = this.#concurrency();
    if (limit > 0 || this.#ready.length === 0) return limit;
    const waited = performance.now() - this.#lastProgress;
    if (waited >= this.#maxYieldMs) return 1;
    if (Number.isFinite(this.#maxYieldMs))
      this.#yieldTimer ??= setTimeout(() => {
        this.#yieldTimer = undefined;
        this.#scheduleStart();
      }, this.#maxYieldMs - waited);
    return 0;
  }

  #scheduleStart(): void {
    if (this.#startScheduled || this.#ready.length === 0 || this.#inFlight >= this.#limit()) return;
    this.#startScheduled = true;
    setImmediate(() => {
      this.#startScheduled = false;
      while (this.#ready.length > 0 && this.#inFlight < this.#limit()) this.#run(this.#ready.shift() as string);
    });
  }

  #run(executionArn: string): void {
    this.#lastProgress = performance.now();
    this.#inFlight += 1;
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

  #done(executionArn: string, ran: boolean): void {
    this.#lastProgress = performance.now();
    this.#inFlight -= 1;
    this.#pending.delete(executionArn);
    const again = this.#again.delete(executionArn);
    if ((ran || again) && !this.#blocked.has(executionArn)) this.push(executionArn);
    this.#scheduleStart();
    this.#settleWaiters();
  }

  #settleWaiters(): void {
    if (this.#pending.size > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      if (this.#failure) waiter.reject(this.#failure.error);
      else waiter.resolve();
    }
  }
}

/**
 * The local platform's background work yields to its API. One event loop runs both here, whereas on
 * AWS each API request has its own Lambda instance and the background — the workflows' segments,
 * the change feed's deliveries to the transitions publisher — runs elsewhere: without a rule, 50
 * instructors' requests waited behind it (bench/inbox-load.ts). The rule: while any API request is
 * in flight, background work waits, but each wait is bounded, so that a sustained load cannot starve
 * it (workflows still advance, transitions are still published).
 */
export class ApiFirst {
  #inFlight = 0;
  readonly #waiting = new Set<() => void>();
  readonly #onIdle: (() => void)[] = [];

  /** True while an API request is in flight. */
  get busy(): boolean {
    return this.#inFlight > 0;
  }

  /** Calls `listener` each time the last API request in flight is answered. */
  onIdle(listener: () => void): void {
    this.#onIdle.push(listener);
  }

  /** Answers an API request (counted in flight until `answer` settles). */
  async serve<T>(answer: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    try {
      return await answer();
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) {
        for (const resume of this.#waiting) resume();
        for (const listener of this.#onIdle) listener();
      }
    }
  }

  /** Resolves at once when no API request is in flight; else once none is, or after `maxMs` at most. */
  yield(maxMs: number): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => {
      const resume = () => {
        clearTimeout(timer);
        this.#waiting.delete(resume);
        resolve();
      };
      // Background work waiting does not keep the process alive.
      const timer = setTimeout(resume, maxMs).unref();
      this.#waiting.add(resume);
    });
  }
}

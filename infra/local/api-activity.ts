/**
 * The API's requests in flight, which the platform's background work yields to (platform.ts): the
 * runtime's segments ask `busy()` before each start and are woken when the last request ends; the
 * transitions feed awaits `whenIdle` before each batch it hands to the publisher.
 */
export class ApiActivity {
  #inFlight = 0;
  readonly #idleListeners: (() => void)[] = [];
  #waiters: (() => void)[] = [];

  begin(): void {
    this.#inFlight += 1;
  }

  end(): void {
    this.#inFlight -= 1;
    if (this.#inFlight > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
    for (const listener of this.#idleListeners) listener();
  }

  busy(): boolean {
    return this.#inFlight > 0;
  }

  /** `listener` is called each time the last request in flight ends. */
  onIdle(listener: () => void): void {
    this.#idleListeners.push(listener);
  }

  /** Resolves once no request is in flight, or after `maxWaitMs` (so that a sustained load cannot starve the caller). */
  whenIdle(maxWaitMs: number): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        resolve();
      }, maxWaitMs);
      this.#waiters.push(done);
    });
  }
}

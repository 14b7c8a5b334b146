/**
 * The one source of "now". Domain code receives a Clock; it never calls Date.now() itself,
 * so the local platform can move time forward and tests can pin it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and the local platform: starts at a given instant, moves only when told. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(instant: Date | string): void {
    const t = new Date(instant).getTime();
    if (t < this.#now) throw new Error(`clock cannot go back: ${new Date(t).toISOString()} < ${new Date(this.#now).toISOString()}`);
    this.#now = t;
  }
  advance(ms: number): void {
    this.set(new Date(this.#now + ms));
  }
}

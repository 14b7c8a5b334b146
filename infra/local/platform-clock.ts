/**
 * The platform's clock: real time plus an offset that time travel moves forward (never back).
 * The offset is kept in a file beside the data, so a restart keeps the platform's date, and in a
 * SharedArrayBuffer, so the engine's thread reads the very clock the main thread moves
 * (`PlatformClock.reading(clock.shared)`).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '#domain/time/clock.ts';
import { startOfParisDay } from '#domain/time/paris.ts';
import { writeFileAtomic } from './atomic-file.ts';

export class PlatformClock implements Clock {
  /** The offset (ms), shared with the threads that read this clock. */
  readonly shared: SharedArrayBuffer;
  readonly #offsetMs: Float64Array;
  readonly #file: string | undefined;
  /** True when the date was read from the file (a platform restarted on its data): `startAt` did not apply. */
  readonly restored: boolean;

  /** `file`: where the offset is kept (none: memory only). `startAt`: the date a fresh platform starts at. */
  constructor(options: { file?: string; startAt?: Date; shared?: SharedArrayBuffer } = {}) {
    this.#file = options.file;
    this.shared = options.shared ?? new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT);
    this.#offsetMs = new Float64Array(this.shared);
    if (options.shared) {
      this.restored = false;
      return;
    }
    const saved = this.#file && existsSync(this.#file) ? Number(JSON.parse(readFileSync(this.#file, 'utf8')).offsetMs) : undefined;
    this.restored = saved !== undefined;
    this.#offsetMs[0] = saved ?? (options.startAt ? options.startAt.getTime() - Date.now() : 0);
    this.#save();
  }

  /** The clock another thread moves (its `shared` buffer): read only here. */
  static reading(shared: SharedArrayBuffer): PlatformClock {
    return new PlatformClock({ shared });
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs[0]!);
  }

  /** Moves to `instant` (later than now), keeping real time running from there. */
  moveTo(instant: Date): void {
    const delta = instant.getTime() - this.now().getTime();
    if (delta <= 0) return;
    this.#offsetMs[0] = this.#offsetMs[0]! + delta;
    this.#save();
  }

  #save(): void {
    if (!this.#file) return;
    mkdirSync(dirname(this.#file), { recursive: true });
    writeFileAtomic(this.#file, JSON.stringify({ offsetMs: this.#offsetMs[0] }));
  }
}

/** The instant of the daily run on a Paris day. */
export function enforcementInstant(day: string, hour: number): Date {
  return new Date(startOfParisDay(day).getTime() + hour * 3_600_000);
}

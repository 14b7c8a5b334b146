/**
 * The platform's clock: real time plus an offset that time travel moves forward (never back).
 * The offset is kept in a file beside the data, so a restart keeps the platform's date.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '#domain/time/clock.ts';
import { writeStateFile } from './atomic-file.ts';

export class PlatformClock implements Clock {
  #offsetMs: number;
  readonly #file: string | undefined;
  /** True when the date was read from the file (a platform restarted on its data): `startAt` did not apply. */
  readonly restored: boolean;

  /** `file`: where the offset is kept (none: memory only). `startAt`: the date a fresh platform starts at. */
  constructor(options: { file?: string; startAt?: Date } = {}) {
    this.#file = options.file;
    const saved = this.#file && existsSync(this.#file) ? Number(JSON.parse(readFileSync(this.#file, 'utf8')).offsetMs) : undefined;
    this.restored = saved !== undefined;
    this.#offsetMs = saved ?? (options.startAt ? options.startAt.getTime() - Date.now() : 0);
    if (this.#file) mkdirSync(dirname(this.#file), { recursive: true });
    this.#save();
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** Moves to `instant` (later than now), keeping real time running from there. */
  moveTo(instant: Date): void {
    const delta = instant.getTime() - this.now().getTime();
    if (delta <= 0) return;
    this.#offsetMs += delta;
    this.#save();
  }

  #save(): void {
    if (!this.#file) return;
    writeStateFile(this.#file, JSON.stringify({ offsetMs: this.#offsetMs }));
  }
}

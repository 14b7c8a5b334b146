/**
 * Task tokens and derived identifiers. A token is 256 bits, opaque (base64url, 43 characters).
 * Each execution has a random secret seed; each of its segments a base token derived from the seed
 * and the point it resumes (`segmentBase`); the k-th callback a segment opens gets
 * `deriveToken(base, k)`. So a segment re-run after a crash hands out the same tokens.
 */
import { hash, randomBytes } from 'node:crypto';

/** Random bytes drawn 128 tokens at a time: one `randomBytes` call per token cost about 8 µs, as much as the rest of a StartExecution. */
const TOKENS_PER_DRAW = 128;
let pool = Buffer.alloc(0);
let used = 0;

export function newToken(): string {
  if (used === pool.length) {
    pool = randomBytes(32 * TOKENS_PER_DRAW);
    used = 0;
  }
  used += 32;
  return pool.toString('base64url', used - 32, used);
}

export function deriveToken(base: string, index: number): string {
  if (index === 0) return base;
  return hash('sha256', `${base}:${index}`, 'base64url');
}

/** The base token of an execution's segment: the one from its start, or the one resuming park point `parkId`. */
export function segmentBase(seed: string, parkId: string | undefined): string {
  return hash('sha256', parkId === undefined ? `${seed}:start` : `${seed}:resume:${parkId}`, 'base64url');
}

export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** A UUID-shaped name derived from a seed (for executions a task starts without a Name). */
export function deriveUuid(seed: string, label: string): string {
  const hex = hash('sha256', `${seed}:${label}`, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Opaque ids for records whose id must not be guessable (tasks: their id is in an inbox URL). */
import { randomBytes } from 'node:crypto';

/** 128 random bits, base64url (22 characters, `[A-Za-z0-9_-]`). */
export function newOpaqueId(): string {
  return randomBytes(16).toString('base64url');
}

/** An id `newOpaqueId` could have made, or longer: ≥ 22 URL-safe characters. */
export function isOpaqueId(value: string): boolean {
  return /^[A-Za-z0-9_-]{22,128}$/.test(value);
}

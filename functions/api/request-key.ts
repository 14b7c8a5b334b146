/**
 * The key a retried request lands on: the client's Idempotency-Key header, or the digest of the
 * body it sent (the same body again is the same request), prefixed by `scope` when given.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '#domain/timeline/hash-chain.ts';

export function requestKey(req: { headers: Record<string, string>; body: unknown }, scope?: string): string {
  const key = req.headers['idempotency-key'];
  if (key !== undefined) return key;
  const digest = createHash('sha256')
    .update(canonicalJson(req.body ?? {}))
    .digest('hex');
  return scope === undefined ? digest : `${scope}:${digest}`;
}

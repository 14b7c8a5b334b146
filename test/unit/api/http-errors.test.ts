import { describe, expect, it } from 'vitest';
import { toHttpError } from '#functions/api/http-errors.ts';
import { VersionConflictError } from '#domain/ports/errors.ts';

describe('the HTTP answer to what the domain throws', () => {
  it('a write still losing to concurrent writers after every try: 409, nothing written, send it again', () => {
    const answer = toHttpError(new VersionConflictError('reference counter', '1.1', 41, -1));
    expect(answer.status).toBe(409);
    expect(answer.code).toBe('modification-concurrente');
    expect(answer.message).toMatch(/rien n’a été enregistré.*même clé d’idempotence/);
  });

  it('anything unknown is a fault: 500, no detail', () => {
    const answer = toHttpError(new Error('socket hang up'));
    expect([answer.status, answer.code]).toEqual([500, 'erreur-interne']);
    expect(answer.message).not.toContain('socket');
  });
});

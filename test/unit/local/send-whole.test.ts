/**
 * The local stand-ins answer as the AWS endpoints do: whole, with their length (infra/local/send-whole.ts),
 * never in chunks; none on an answer that has no body.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWhole } from '#infra/local/send-whole.ts';

const body = JSON.stringify({ message: 'Dossier n° 12 — complété' });
let server: ReturnType<typeof createServer>;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/vide') return sendWhole(response, 204, {});
    if (request.url === '/ailleurs') return sendWhole(response, 302, { location: '/ici' });
    sendWhole(response, 200, { 'content-type': 'application/json; charset=utf-8' }, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('sendWhole', () => {
  it('writes the body’s length in bytes, not in characters, and no chunked framing', async () => {
    const answer = await fetch(`${base}/`);
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(Number(answer.headers.get('content-length'))).toBeGreaterThan(body.length);
    expect(answer.headers.get('transfer-encoding')).toBeNull();
    expect(await answer.text()).toBe(body);
  });

  it('writes a length of 0 for an empty body, and none on a 204 (RFC 9110 §8.6)', async () => {
    const redirect = await fetch(`${base}/ailleurs`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('content-length')).toBe('0');
    const empty = await fetch(`${base}/vide`);
    expect(empty.status).toBe(204);
    expect(empty.headers.get('content-length')).toBeNull();
    expect(empty.headers.get('transfer-encoding')).toBeNull();
  });
});

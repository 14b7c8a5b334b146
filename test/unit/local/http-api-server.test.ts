import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '#functions/api/app.ts';
import { selectGatewayRoute } from '#functions/api/gateway-routes.ts';
import { IDENTITY_HEADER, requestTarget, startHttpApiServer } from '#infra/local/http-api-server.ts';

describe('the local HTTP API server', () => {
  it('gives each request its own request id, however many arrive in one millisecond, and its time', async () => {
    const group = selectGatewayRoute('GET', '/taches')!.group.name;
    const ids: string[] = [];
    const server = await startHttpApiServer({
      handlers: {
        [group]: async (event: HttpEvent) => {
          ids.push(event.requestContext.requestId);
          // The time's text is kept for the second it names: still the request's own.
          expect(event.requestContext.time).toBe(new Date(event.requestContext.timeEpoch).toUTCString());
          return { statusCode: 200, body: '{}' };
        },
      },
    });
    try {
      const headers = { [IDENTITY_HEADER]: 'service-instructeur:i:arrageois' };
      const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(`${server.endpoint}/taches`, { headers })));
      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
      // A second later, that second's time.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await fetch(`${server.endpoint}/taches`, { headers })).status).toBe(200);
    } finally {
      await server.close();
    }
    expect(ids).toHaveLength(31);
    expect(new Set(ids).size).toBe(31);
  });

  it('answers whole with the body’s length in bytes, as API Gateway does (no chunked framing)', async () => {
    const group = selectGatewayRoute('GET', '/taches')!.group.name;
    const body = JSON.stringify({ taches: [{ titre: 'Vérification de complétude — dossier n° 1' }] });
    const server = await startHttpApiServer({ handlers: { [group]: async () => ({ statusCode: 200, body }) } });
    try {
      const answer = await fetch(`${server.endpoint}/taches`, { headers: { [IDENTITY_HEADER]: 'service-instructeur:i:arrageois' } });
      expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
      expect(answer.headers.get('transfer-encoding')).toBeNull();
      expect(await answer.text()).toBe(body);
    } finally {
      await server.close();
    }
  });

  it('reads a request target as the URL parser does, plain or not', () => {
    const targets = [
      '/',
      '/taches',
      '/taches/',
      '/taches/t-01HX.a_b~c/decision',
      '/dossiers?statut=depose&territoire=arrageois',
      '/dossiers?',
      '/dossiers?a=1&a=2&b=%20c+d',
      "/dossiers?q=it's",
      '/dossiers?q=<x>&r="y"',
      '/a/./b',
      '/a/../b',
      '/a/%2e%2E/b',
      '/a/.hidden',
      '/a//b',
      '//evil.example/x',
      '/caf\u00e9',
      '/a b',
      '/a\\b',
      '/a#f',
      '/a?b#f',
      '/{id}',
      'http://other.example:81/x?y',
      '*',
    ];
    for (const host of ['127.0.0.1:4000', 'LOCALHOST:80', 'Example.org', '127.1:4000', '[::1]:4000']) {
      for (const raw of targets) {
        const url = new URL(raw, `http://${host}`);
        expect(requestTarget(raw, host), `${host} ${raw}`).toEqual({ pathname: url.pathname, search: url.search, host: url.host });
      }
    }
  });
});

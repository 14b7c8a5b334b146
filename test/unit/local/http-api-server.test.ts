import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '#functions/api/app.ts';
import { selectGatewayRoute } from '#functions/api/gateway-routes.ts';
import { IDENTITY_HEADER, startHttpApiServer } from '#infra/local/http-api-server.ts';

describe('the local HTTP API server', () => {
  it('gives each request its own request id, however many arrive in one millisecond', async () => {
    const group = selectGatewayRoute('GET', '/taches')!.group.name;
    const ids: string[] = [];
    const server = await startHttpApiServer({
      handlers: {
        [group]: async (event: HttpEvent) => {
          ids.push(event.requestContext.requestId);
          return { statusCode: 200, body: '{}' };
        },
      },
    });
    try {
      const headers = { [IDENTITY_HEADER]: 'service-instructeur:i:arrageois' };
      const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(`${server.endpoint}/taches`, { headers })));
      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
    } finally {
      await server.close();
    }
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });
});

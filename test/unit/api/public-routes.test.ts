import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/api/openapi.ts';
import { isPublicRoute, PUBLIC_ROUTES } from '#functions/api/public-routes.ts';

describe('public routes', () => {
  it('are the reference data and the account request, the latter throttled (the AWS construct leaves them without authorizer)', () => {
    expect(PUBLIC_ROUTES).toEqual([
      { method: 'GET', path: '/referentiel' },
      { method: 'POST', path: '/demandes-de-compte', throttle: { rateLimit: 1, burstLimit: 5 } },
    ]);
    expect(isPublicRoute('get', '/referentiel/')).toBe(true);
    expect(isPublicRoute('GET', '/demandes-de-compte')).toBe(false);
  });

  it('are described without security in the OpenAPI document', () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { security?: unknown[] }>>;
    for (const { method, path } of PUBLIC_ROUTES) expect(paths[path]?.[method.toLowerCase()]?.security).toEqual([]);
  });
});

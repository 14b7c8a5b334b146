import { describe, expect, it } from 'vitest';
import { apiRoutes } from '#functions/api/app.ts';
import { openApiDocument } from '#functions/api/openapi.ts';
import { PUBLIC_ROUTES } from '#functions/api/public-routes.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import type { AccountDeps } from '#domain/accounts/account-requests.ts';

describe('public routes', () => {
  const routes = apiRoutes({} as EngineDeps, {} as AccountDeps);

  it('are the API’s routes marked public, and only them (the AWS construct leaves them without authorizer)', () => {
    expect(routes.filter((r) => r.public).map((r) => ({ method: r.method, path: r.path }))).toEqual(
      PUBLIC_ROUTES.map(({ method, path }) => ({ method, path })),
    );
  });

  it('are described without security in the OpenAPI document', () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { security?: unknown[] }>>;
    for (const { method, path } of PUBLIC_ROUTES) expect(paths[path]?.[method.toLowerCase()]?.security).toEqual([]);
  });
});

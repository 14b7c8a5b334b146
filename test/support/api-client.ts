/**
 * Calls the API's handlers in-process with API Gateway HTTP API (payload 2.0) events, as the
 * gateway would after its JWT authorizer (claims `sub`, `cognito:groups`, `custom:territory`):
 * each request to the core of the group whose function API Gateway invokes for it
 * (functions/api/gateway-routes.ts), which calls only the engine its group declares.
 */
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiCore, type HttpEvent } from '#functions/api/app.ts';
import { selectGatewayRoute } from '#functions/api/gateway-routes.ts';
import { API_GROUPS } from '#functions/api/groups/index.ts';
import { errorSchema } from '#functions/api/responses.ts';
import { compileRoutes, matchRoute, routeErrors } from '#functions/api/router.ts';
import { API_ROUTES } from '#functions/api/groups/index.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';

export type As = { porteur: string; siret?: string } | { role: string; id?: string; territory?: string } | 'anonymous';

export interface ApiResult {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string>;
}

export function claimsOf(as: As): Record<string, string> | undefined {
  if (as === 'anonymous') return undefined;
  if ('porteur' in as) return { sub: as.porteur, 'cognito:groups': '[porteur]', ...(as.siret ? { 'custom:siret': as.siret } : {}) };
  return { sub: as.id ?? `${as.role}-1`, 'cognito:groups': `[${as.role}]`, ...(as.territory ? { 'custom:territory': as.territory } : {}) };
}

export function httpEvent(
  method: string,
  path: string,
  options: { as: As; body?: unknown; rawBody?: string; headers?: Record<string, string> },
): HttpEvent {
  const [rawPath, rawQuery = ''] = path.split('?') as [string, string?];
  const query = Object.fromEntries(new URLSearchParams(rawQuery));
  const claims = claimsOf(options.as);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: rawQuery,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    body,
    isBase64Encoded: false,
  } as unknown as HttpEvent;
}

const declared = compileRoutes(API_ROUTES, { accounts: {} } as never);

/**
 * Every answer checked against what its route declares (routes/, responses.ts): a status it does
 * not declare, or a body its schema refuses, fails the test that got it.
 */
export function checkDeclared(method: string, path: string, result: ApiResult): void {
  let found: ReturnType<typeof matchRoute>;
  try {
    found = matchRoute(declared, method, path.split('?')[0]!);
  } catch {
    return; // no such route: the router's own 404 / 405
  }
  const { route } = found;
  const where = `${method} ${path} → ${result.status}`;
  if (result.status >= 400) {
    if (result.status < 500 && !routeErrors(route).includes(result.status))
      throw new Error(`${where}: status not declared by the route (${routeErrors(route).join(', ')})`);
    const parsed = errorSchema().safeParse(result.body);
    if (!parsed.success) throw new Error(`${where}: not the error shape: ${parsed.error.message}`);
    return;
  }
  const answer = route.responses[result.status as 200];
  if (!answer) throw new Error(`${where}: status not declared by the route`);
  if (result.body === undefined) {
    if (!answer.csv) throw new Error(`${where}: no JSON body`);
    return;
  }
  const parsed = answer.schema?.().safeParse(result.body);
  if (parsed && !parsed.success) throw new Error(`${where}: the body does not match the declared schema: ${parsed.error.message}`);
}

export function apiClient(deps: EngineDeps) {
  const cores = new Map(API_GROUPS.map((group) => [group, apiCore(group, deps, { onFault: () => {} })]));
  return async (
    method: string,
    path: string,
    options: { as: As; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<ApiResult> => {
    const route = selectGatewayRoute(method, path.split('?')[0]!);
    if (!route) throw new Error(`${method} ${path}: no API Gateway route takes it`);
    const result = (await cores.get(route.group)!(httpEvent(method, path, options))) as APIGatewayProxyStructuredResultV2;
    const text = result.body ?? '';
    const headers = (result.headers ?? {}) as Record<string, string>;
    const answer: ApiResult = {
      status: result.statusCode ?? 200,
      text,
      headers,
      body: headers['content-type']?.includes('json') && text ? JSON.parse(text) : undefined,
    };
    checkDeclared(method, path, answer);
    return answer;
  };
}
export type Api = ReturnType<typeof apiClient>;
export type { APIGatewayProxyResultV2 };

/**
 * The HTTP API's routes as API Gateway holds them, each sending to the function of its group
 * (functions/api/groups/): derived from the route table, read by the CDK API
 * (infra/aws/constructs/api.ts) and by the local API server, which dispatches as API Gateway does
 * (`selectGatewayRoute`).
 *
 * - every declared route, `METHOD /path/{param}`, to its group (no authorizer if it is public);
 * - every declared path once more as `ANY /path`, to the group of its first route: a method the
 *   path does not declare reaches a router that knows the path, whose answer is a 405;
 * - `ANY /{proxy+}`, the rest, to the fallback group (functions/api/groups/index.ts): a 404.
 */
import type { ApiGroup } from './group.ts';
import { API_GROUPS, FALLBACK_GROUP } from './groups/index.ts';

export interface GatewayRoute {
  method: 'GET' | 'POST' | 'ANY';
  /** `/dossiers/{id}`; `/{proxy+}` for the rest. */
  path: string;
  group: ApiGroup;
  /** No authorizer: anyone may call it (`access: 'public'`). */
  public: boolean;
}

export const PROXY_PATH = '/{proxy+}';

function gatewayRoutes(): GatewayRoute[] {
  const declared = API_GROUPS.flatMap((group) =>
    group.routes.map((r): GatewayRoute => ({ method: r.method, path: r.path, group, public: r.access === 'public' })),
  );
  const paths = new Map<string, ApiGroup>();
  for (const r of declared) if (!paths.has(r.path)) paths.set(r.path, r.group);
  return [
    ...declared,
    ...[...paths].map(([path, group]): GatewayRoute => ({ method: 'ANY', path, group, public: false })),
    { method: 'ANY', path: PROXY_PATH, group: FALLBACK_GROUP, public: false },
  ];
}

export const GATEWAY_ROUTES: readonly GatewayRoute[] = gatewayRoutes();

const segments = (path: string) => path.split('/').slice(1);
/** Literal segments before `{param}` ones, as API Gateway prefers the most specific route. */
const specificity = (routePath: string) =>
  segments(routePath)
    .map((p) => (p.startsWith('{') ? '1' : '0'))
    .join('');

/**
 * The declared routes in the order API Gateway prefers them: the most specific path first, the
 * request's method before `ANY` (a stable sort: declaration order otherwise), each with its path's
 * segments split once (`null` for a `{param}`), not at every request.
 */
const BY_PREFERENCE = GATEWAY_ROUTES.filter((r) => r.path !== PROXY_PATH)
  .sort((a, b) => specificity(a.path).localeCompare(specificity(b.path)) || Number(a.method === 'ANY') - Number(b.method === 'ANY'))
  .map((route) => ({ route, parts: segments(route.path).map((p) => (p.startsWith('{') ? null : p)) }));
const PROXY_ROUTE = GATEWAY_ROUTES.find((r) => r.path === PROXY_PATH);

const matches = (parts: readonly (string | null)[], requestSegments: readonly string[]) =>
  parts.length === requestSegments.length && parts.every((p, i) => (p === null ? requestSegments[i] !== '' : p === requestSegments[i]));

/**
 * The route API Gateway selects for a request: the most specific declared path that matches, with
 * the request's method before `ANY`; else `ANY /{proxy+}` (a path of one segment or more).
 */
export function selectGatewayRoute(method: string, path: string): GatewayRoute | undefined {
  const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
  const requested = segments(bare);
  const upper = method.toUpperCase();
  for (const { route, parts } of BY_PREFERENCE)
    if ((route.method === upper || route.method === 'ANY') && matches(parts, requested)) return route;
  return bare === '/' ? undefined : PROXY_ROUTE;
}

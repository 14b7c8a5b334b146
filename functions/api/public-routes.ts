/**
 * The routes anyone may call, without signing in (`access: 'public'` in the route table): the API
 * answers them without a caller, on AWS they have no authorizer (infra/aws/constructs/api.ts), and
 * the local platform in `jwt` mode lets them through without a token as API Gateway would
 * (infra/local/jwt-authorizer.ts). `throttle`: a route's own limit, tighter than the stage's.
 */
import { API_ROUTES } from './groups/index.ts';

export const PUBLIC_ROUTES = API_ROUTES.filter((r) => r.access === 'public').map(({ method, path, throttle }) => ({
  method,
  path,
  ...(throttle ? { throttle } : {}),
}));

export function isPublicRoute(method: string, path: string): boolean {
  const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
  return PUBLIC_ROUTES.some((route) => route.method === method.toUpperCase() && route.path === bare);
}

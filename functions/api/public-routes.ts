/**
 * The routes anyone may call, without signing in: the API answers them without a caller
 * (functions/api/router.ts, `public: true`), on AWS they have no authorizer
 * (infra/aws/constructs/api.ts), and the local platform in `jwt` mode lets them through without a
 * token as API Gateway would (infra/local/jwt-authorizer.ts). A test checks the lists agree.
 * `throttle`: a route's own limit, tighter than the stage's (requests per second, burst).
 */
export const PUBLIC_ROUTES: readonly {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}[] = [
  /** The call's reference data: axes, dispositifs (closing dates, contacts, publics, perimeters, channels), territories, publics. */
  { method: 'GET', path: '/referentiel' },
  /** A porteur asks for an account, having none yet (domain/accounts): a person filling a form does not post every second. */
  { method: 'POST', path: '/demandes-de-compte', throttle: { rateLimit: 1, burstLimit: 5 } },
];

export function isPublicRoute(method: string, path: string): boolean {
  const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
  return PUBLIC_ROUTES.some((route) => route.method === method.toUpperCase() && route.path === bare);
}

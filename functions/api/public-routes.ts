/**
 * The API routes anyone may call, without signing in: a porteur asking for an account has none
 * yet. One list for every host: the router lets only these run without an identity (and refuses
 * a route marked public that is not here), CDK gives each an HTTP API route without the JWT
 * authorizer and a throttle of its own, and the local platform in `jwt` mode lets them through
 * unauthenticated as API Gateway would; every other route wants a valid token.
 */
export const PUBLIC_ROUTES: readonly { readonly method: 'GET' | 'POST'; readonly path: string }[] = [
  { method: 'POST', path: '/demandes-de-compte' },
];

export function isPublicRoute(method: string, path: string): boolean {
  const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
  return PUBLIC_ROUTES.some((route) => route.method === method.toUpperCase() && route.path === bare);
}

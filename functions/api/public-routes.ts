/**
 * The API routes anyone may call, without signing in (the next one: a porteur's account request,
 * made before the porteur has an account). One list for every host: CDK gives each an HTTP API
 * route without the JWT authorizer (and a throttle of its own), and the local platform in `jwt`
 * mode lets them through unauthenticated as API Gateway would; every other route wants a valid
 * token. None yet: every route of the API is for a signed-in person.
 */
export const PUBLIC_ROUTES: readonly { readonly method: 'GET' | 'POST'; readonly path: string }[] = [];

export function isPublicRoute(method: string, path: string): boolean {
  const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
  return PUBLIC_ROUTES.some((route) => route.method === method.toUpperCase() && route.path === bare);
}

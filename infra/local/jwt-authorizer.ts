/**
 * The local platform's stand-in for API Gateway's JWT authorizer (`jwt` identity mode): the
 * bearer token of the Authorization header is verified as API Gateway verifies it — an RS256
 * signature by a key of the issuer's JWKS (found through its discovery document), `iss` equal to
 * the issuer, `aud` (ID token) or `client_id` (access token) one of the audience, `exp`/`nbf`/`iat`
 * against real time (the platform's moved clock is business time, not the tokens') — and its
 * claims are handed to the handler flattened to strings as API Gateway does (`[a b]` for a list).
 * A route of PUBLIC_ROUTES needs no token; any other request without a valid one is answered 401
 * `{"message":"Unauthorized"}` before the handler, as on AWS.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { isPublicRoute } from '#functions/api/public-routes.ts';

export type FlatClaims = Record<string, string>;
export type Authorization = { claims: FlatClaims } | 'unauthorized';

export interface JwtAuthorizerOptions {
  readonly issuer: string;
  /** The accepted client ids (API Gateway's `jwtConfiguration.audience`). */
  readonly audience: readonly string[];
}

/** API Gateway's rendering of the claims for the integration: every value a string, lists as `[a b]`. */
export function flattenClaims(payload: JWTPayload): FlatClaims {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
}

export function jwtAuthorizer(options: JwtAuthorizerOptions) {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    if (keys) return keys;
    const discovery = (await (await fetch(`${options.issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
    keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
    return keys;
  };

  /** The claims of a valid token, or undefined. */
  const verify = async (authorization: string | undefined): Promise<FlatClaims | undefined> => {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, await keySet(), { issuer: options.issuer, algorithms: ['RS256'] });
      if (payload.iat !== undefined && payload.iat * 1000 > Date.now()) return undefined;
      const audiences = [...(Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : []), payload.client_id];
      if (!audiences.some((a) => typeof a === 'string' && options.audience.includes(a))) return undefined;
      return flattenClaims(payload);
    } catch {
      return undefined;
    }
  };

  return async (request: { method: string; path: string; authorization: string | undefined }): Promise<Authorization> => {
    if (isPublicRoute(request.method, request.path)) return { claims: {} };
    const claims = await verify(request.authorization);
    return claims ? { claims } : 'unauthorized';
  };
}

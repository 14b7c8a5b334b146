/**
 * A small router for the HTTP API: routes are declared with `:param` paths; a request is parsed
 * once (JSON body with a size limit, lower-cased headers, the caller's identity) before a route
 * runs. An unknown path is a 404, a known path with another method a 405.
 */
import type { Identity } from './identity.ts';
import { HttpError } from './http-errors.ts';

export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The caller, authenticated. */
  identity: Identity;
  /** The parsed JSON body (undefined when there is none). */
  body: unknown;
}

/** A request to a public route: the caller may be anonymous. */
export type PublicRequest = Omit<ApiRequest, 'identity'> & { identity: Identity | undefined };

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** A body that is not JSON (CSV, HTML), with its content type in `headers`. */
  text?: string;
  headers?: Record<string, string>;
}

/** A route for authenticated callers (any other gets a 401 before it runs), or a `public` one (on AWS too: no authorizer). */
export type Route =
  | { method: 'GET' | 'POST'; path: string; public?: false; handle: (request: ApiRequest) => Promise<ApiResponse> }
  | { method: 'GET' | 'POST'; path: string; public: true; handle: (request: PublicRequest) => Promise<ApiResponse> };

/** A public route (listed in PUBLIC_ROUTES). */
export type PublicRoute = Extract<Route, { public: true }>;

type CompiledRoute = Route & {
  regex: RegExp;
  names: string[];
};

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const pattern = route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { ...route, regex: new RegExp(`^${pattern}/?$`), names };
  });
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.regex.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { route, params };
  }
  if (pathMatched) throw new HttpError(405, 'methode-non-permise', `La méthode ${method} n’est pas permise sur ${path}.`);
  throw new HttpError(404, 'route-inconnue', `Aucune ressource à l’adresse ${path}.`);
}

/** 256 KiB: far above any dossier, far below what would tire a Lambda. */
export const MAX_BODY_BYTES = 256 * 1024;

export function parseBody(raw: string | undefined, isBase64: boolean | undefined, contentType: string | undefined): unknown {
  if (raw === undefined || raw === '') return undefined;
  const text = isBase64 ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES)
    throw new HttpError(413, 'corps-trop-volumineux', `Le corps de la demande dépasse ${MAX_BODY_BYTES / 1024} Kio.`);
  if (contentType !== undefined && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new HttpError(415, 'type-non-supporte', 'Le corps de la demande doit être du JSON (Content-Type: application/json).');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'json-invalide', 'Le corps de la demande n’est pas du JSON valide.');
  }
}

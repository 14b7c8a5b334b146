/**
 * The HTTP API's routes, each declared once (`route()`): method, path, who may call it, the zod
 * schemas of its path parameters, query, body and answers, and its handler. From that table the
 * router (here), the public-route list (public-routes.ts, read by the CDK API and the local JWT
 * authorizer) and the OpenAPI document (openapi.ts) are derived.
 *
 * Before a handler runs, the router has matched the path (`{param}` segments; an unknown path is a
 * 404, a known path with another method a 405), checked the caller (a route not `public` wants an
 * identity, and the role its `access` names), parsed the JSON body (size limit) and validated the
 * params, query and body against their schemas: a refusal names each field and its rule (422).
 */
import type * as z from 'zod/mini';
import type { AccountDeps } from '#domain/accounts/account-requests.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { requireInstructor, requirePorteur } from './access.ts';
import { HttpError, invalidBody } from './http-errors.ts';
import type { Identity } from './identity.ts';

/** What the handlers are given: the engine's ports, and the account requests' when the platform has a directory. */
export type ApiDeps = EngineDeps & { accounts?: AccountDeps };

type Porteur = Extract<Identity, { kind: 'porteur' }>;
type Instructor = Extract<Identity, { kind: 'instructor' }>;
export type StaffRole = Instructor['role'];

/**
 * Who may call a route: anyone (`public`: no authorizer on AWS either), any signed-in caller, a
 * porteur, any of the Département's services (`staff`), or only the staff roles listed.
 */
export type Access = 'public' | 'signed-in' | 'porteur' | 'staff' | readonly StaffRole[];

type IdentityFor<A extends Access> = A extends 'public'
  ? Identity | undefined
  : A extends 'signed-in'
    ? Identity
    : A extends 'porteur'
      ? Porteur
      : Instructor;

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface ApiRequest<A extends Access = Access, P = Record<string, string>, Q = Record<string, string>, B = unknown> {
  method: string;
  path: string;
  params: P;
  query: Q;
  headers: Record<string, string>;
  identity: IdentityFor<A>;
  /** The body validated by the route's schema (as sent, when the domain checks it: `bodyCheckedBy`). */
  body: B;
  /** Writes an info line of this request, with its keys (route, dossier): functions/observability.ts, `logLine`. */
  log: (message: string, attributes: Record<string, unknown>) => void;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** A body that is not JSON (CSV), with its content type in `headers`. */
  text?: string;
  headers?: Record<string, string>;
}

/**
 * One answer of a route: its description and the schema of its JSON body (or a CSV `text`), built
 * when first read (`lazySchema`): only the OpenAPI document and the tests read it.
 */
export interface ResponseDeclaration {
  description: string;
  schema?: () => z.ZodMiniType;
  csv?: true;
}

/** The refusals a route answers beyond those the router gives every route (see `routeErrors`). */
export type ErrorStatus = 403 | 404 | 409 | 422;

export interface RouteDeclaration<
  A extends Access,
  P extends z.ZodMiniObject | undefined,
  Q extends z.ZodMiniObject | undefined,
  B extends z.ZodMiniType | undefined,
> {
  method: 'GET' | 'POST';
  /** `/dossiers/{id}`: the OpenAPI (and API Gateway) spelling. */
  path: string;
  summary: string;
  description?: string;
  access: A;
  /** A public route's own limit, tighter than the stage's (requests per second, burst): API Gateway applies it. */
  throttle?: { rateLimit: number; burstLimit: number };
  /** The route exists when the platform has the account requests' dependencies. */
  needs?: 'accounts';
  params?: P;
  query?: Q;
  /** Headers the route reads (described; the handler checks them: each has its own refusal). */
  headers?: z.ZodMiniObject;
  body?: B;
  /** The body is handed over as sent, for the domain to check against the call's rules (the schema describes it). */
  bodyCheckedBy?: 'domain';
  responses: Partial<Record<200 | 201 | 202, ResponseDeclaration>>;
  errors?: readonly ErrorStatus[];
  handle: (
    request: ApiRequest<
      A,
      P extends z.ZodMiniObject ? z.output<P> : Record<string, string>,
      Q extends z.ZodMiniObject ? z.output<Q> : Record<string, string>,
      B extends z.ZodMiniType ? Parsed<B> : undefined
    >,
    deps: ApiDeps,
  ) => Promise<ApiResponse>;
}

/** A declared route, its types erased (the table holds routes of every shape). */
export type Route = RouteDeclaration<Access, z.ZodMiniObject | undefined, z.ZodMiniObject | undefined, z.ZodMiniType | undefined>;

/** Declares a route: the handler's request is typed from the schemas and the access. */
export function route<
  A extends Access,
  P extends z.ZodMiniObject | undefined = undefined,
  Q extends z.ZodMiniObject | undefined = undefined,
  B extends z.ZodMiniType | undefined = undefined,
>(declaration: RouteDeclaration<A, P, Q, B>): Route {
  return declaration as unknown as Route;
}

/**
 * The refusals every route may answer, by what it declares: a malformed or oversized body (400,
 * 413, 415) where it takes one, no identity (401) where it is not public, another role (403)
 * where its access names one, invalid params, query or body (422) where it has schemas.
 */
export function routeErrors(r: Route): number[] {
  const statuses = new Set<number>(r.errors ?? []);
  // 409 too: a write still losing to concurrent writers after every try (functions/api/http-errors.ts).
  if (r.method === 'POST') for (const s of [400, 409, 413, 415]) statuses.add(s);
  if (r.access !== 'public') statuses.add(401);
  if (r.access === 'porteur' || r.access === 'staff' || Array.isArray(r.access)) statuses.add(403);
  if ((r.body && !r.bodyCheckedBy) || r.query) statuses.add(422);
  return [...statuses].sort();
}

type CompiledRoute = Route & { regex: RegExp; names: string[] };

export function compileRoutes(routes: readonly Route[], deps: ApiDeps): CompiledRoute[] {
  return routes
    .filter((r) => r.needs !== 'accounts' || deps.accounts !== undefined)
    .map((r) => {
      const names: string[] = [];
      const pattern = r.path.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { ...r, regex: new RegExp(`^${pattern}/?$`), names };
    });
}

export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } {
  let pathMatched = false;
  for (const r of routes) {
    const match = r.regex.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { route: r, params };
  }
  if (pathMatched) throw new HttpError(405, 'methode-non-permise', `La méthode ${method} n’est pas permise sur ${path}.`);
  throw new HttpError(404, 'route-inconnue', `Aucune ressource à l’adresse ${path}.`);
}

/** The caller, if the route's access lets it in (401 without identity, 403 for another role: the messages of access.ts). */
export function admit(access: Access, identity: Identity | undefined): Identity | undefined {
  if (access === 'public') return identity;
  if (!identity) throw new HttpError(401, 'non-authentifie', 'Authentification requise.');
  if (access === 'porteur') requirePorteur(identity);
  else if (access === 'staff') requireInstructor(identity);
  else if (Array.isArray(access)) requireInstructor(identity, access);
  return identity;
}

function validate<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}

/** The request as the handler sees it: params, query and body validated by the route's schemas. */
export function validated(r: Route, raw: { params: Record<string, string>; query: Record<string, string>; body: unknown }) {
  return {
    params: r.params ? validate(r.params, raw.params) : raw.params,
    query: r.query ? validate(r.query, raw.query) : raw.query,
    body: r.body && !r.bodyCheckedBy ? validate(r.body, raw.body ?? {}) : raw.body,
  };
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

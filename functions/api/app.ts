/**
 * A group of the HTTP API's routes (functions/api/group.ts) as one Lambda function behind API
 * Gateway (HTTP API, payload 2.0, JWT authorizer): a middy handler over the router of the group's
 * routes. The local platform calls these very handlers with the same events, each group's for the
 * routes API Gateway sends it. Every answer is JSON (or CSV where asked); every refusal names the
 * field and the rule.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { lambdaHandler, logLine } from '../observability.ts';
import { type HttpError, toHttpError } from './http-errors.ts';
import type { AccountDeps } from '#domain/accounts/account-requests.ts';
import { identityFromClaims, type Claims } from './identity.ts';
import { type ApiGroup, type GroupDeps, groupEngineDeps } from './group.ts';
import { admit, compileRoutes, matchRoute, parseBody, validated, type ApiDeps, type ApiResponse, type Route } from './router.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function respond(response: ApiResponse): APIGatewayProxyResultV2 {
  if (response.text !== undefined)
    return { statusCode: response.status, headers: { ...SECURITY_HEADERS, ...response.headers }, body: response.text };
  return {
    statusCode: response.status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', ...response.headers },
    body: response.body === undefined ? '' : JSON.stringify(response.body),
  };
}

function errorResponse(error: HttpError): APIGatewayProxyResultV2 {
  return respond({
    status: error.status,
    body: { erreur: { code: error.code, message: error.message, ...(error.fields.length > 0 ? { champs: error.fields } : {}) } },
  });
}

/** An event's headers (names lower-cased) or query: every value a string. */
function definedValues(values: Record<string, string | undefined> | undefined, lowerCaseNames: boolean): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name in values) copy[lowerCaseNames ? name.toLowerCase() : name] = values[name] ?? '';
  return copy;
}

export interface ApiOptions {
  /** Porteur account requests and the directory that opens accounts (Cognito on AWS, the stand-in's locally). */
  accounts?: AccountDeps;
  /** Told of every 5xx (the fault, not the client's mistake). Default: logged (functions/observability.ts). */
  onFault?: (error: unknown, event: HttpEvent) => void;
}

/** The group's router: answers its routes (a path it does not declare: 404; another method: 405). */
export function apiCore(group: ApiGroup, groupDeps: GroupDeps, options: ApiOptions = {}) {
  const engine = groupEngineDeps(group, groupDeps);
  const deps: ApiDeps = options.accounts ? { ...engine, accounts: options.accounts } : engine;
  const routes = compileRoutes(group.routes, deps);
  return async (event: HttpEvent, context?: Context): Promise<APIGatewayProxyResultV2> => {
    // The keys of the request's log lines, given with each (functions/observability.ts, logLine).
    let keys: Record<string, unknown> = {};
    try {
      const method = event.requestContext.http.method.toUpperCase();
      const path = event.rawPath;
      const { route, params } = matchRoute(routes, method, path);
      keys = { route: `${method} ${route.path}`, ...(params.id && path.startsWith('/dossiers/') ? { dossierId: params.id } : {}) };
      const log = (message: string, attributes: Record<string, unknown>) => logLine(context, 'info', message, { ...keys, ...attributes });
      const identity = admit(route.access, identityFromClaims(event.requestContext.authorizer?.jwt?.claims as Claims | undefined));
      const headers = definedValues(event.headers, true);
      const body = method === 'GET' ? undefined : parseBody(event.body, event.isBase64Encoded, headers['content-type']);
      const query = definedValues(event.queryStringParameters, false);
      const request = { method, path, headers, identity, log, ...validated(route, { params, query, body }) };
      return respond(await route.handle(request as Parameters<Route['handle']>[0], deps));
    } catch (error) {
      const http = toHttpError(error);
      if (http.status >= 500) {
        if (options.onFault) options.onFault(error, event);
        else logLine(context, 'error', 'api fault', { ...keys, error });
      }
      return errorResponse(http);
    }
  };
}

/** A group's Lambda handler: the core, its log lines keyed by the invocation and the route, its metrics published. */
export function apiHandler(group: ApiGroup, deps: GroupDeps, options: ApiOptions = {}) {
  return lambdaHandler(apiCore(group, deps, options));
}

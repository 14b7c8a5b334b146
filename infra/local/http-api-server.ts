/**
 * The HTTP API on one machine: plain HTTP requests turned into the API Gateway HTTP API events the
 * Lambda handler receives on AWS, with the JWT claims built from a local identity header:
 *
 *   X-Identite: porteur:<id>[:<siret>]
 *   X-Identite: service-instructeur:<id>:<territoire>   (also chef-slai-slisl)
 *   X-Identite: secretariat-cp:<id>
 *
 * This header means nothing on AWS (the JWT authorizer sets the claims there). In `jwt` mode the
 * platform passes an `authorize` function instead (infra/local/jwt-authorizer.ts): bearer tokens
 * verified as API Gateway's JWT authorizer does. Each request goes to the handler of the group
 * whose function API Gateway would invoke (functions/api/gateway-routes.ts), with the same route
 * key. Local-only routes live under /_local (the clock, health); `localRoutes` lets the platform
 * add them.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpEvent } from '#functions/api/app.ts';
import { selectGatewayRoute } from '#functions/api/gateway-routes.ts';
import { sendWhole } from './send-whole.ts';

export const IDENTITY_HEADER = 'x-identite';
const MAX_REQUEST_BYTES = 1024 * 1024;

/** The claims a local identity header stands for (a porteur's third part is its SIRET); undefined when it is absent or malformed. */
export function claimsFromIdentityHeader(value: string | undefined): Record<string, string> | undefined {
  if (!value) return undefined;
  const [role, id, territory] = value.split(':');
  if (!role || !id) return undefined;
  const attribute = role === 'porteur' ? 'custom:siret' : 'custom:territory';
  return { sub: id, 'cognito:groups': `[${role}]`, ...(territory ? { [attribute]: territory } : {}) };
}

export type LocalAnswer = { status: number; body: unknown; contentType?: string; headers?: Record<string, string> };

/** A local route's answer; undefined at once for a path it does not take (an API request does not await it). */
export type LocalRoute = (request: { method: string; path: string; body: string }) => Promise<LocalAnswer | undefined> | undefined;

export interface HttpApiServer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** A request that declares no body (neither Content-Length nor Transfer-Encoding: RFC 9112 §6.3) has none to wait for. */
const hasBody = (request: IncomingMessage) =>
  request.headers['transfer-encoding'] !== undefined ||
  (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

function readBody(request: IncomingMessage): Promise<string | 'too-large'> | '' {
  if (!hasBody(request)) return '';
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? 'too-large' : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** How a request's caller is established: the claims the handler gets, or a 401 before it. */
export type Authorize = (request: {
  method: string;
  path: string;
  authorization: string | undefined;
  identityHeader: string | undefined;
}) => Caller | 'unauthorized' | Promise<Caller | 'unauthorized'>;
type Caller = { claims: Record<string, string> };

/** The local mode: the X-Identite header stands for the claims (none: the handler answers 401). */
export const identityHeaderAuthorize: Authorize = (request) => ({ claims: claimsFromIdentityHeader(request.identityHeader) ?? {} });

/** The parts of a request's URL an event carries, as `new URL(request.url, 'http://' + host)` gives them. */
export interface RequestTarget {
  pathname: string;
  search: string;
  host: string;
}

// A path of plain segments (none starting with a dot, no percent sign) and a query of characters the
// URL parser keeps as they are: what `new URL` would give them is the text itself.
const PLAIN_PATH = /^(?:\/[\w~-][\w.~-]*)*\/?$/;
const PLAIN_QUERY = /^[\w.~!$&()*+,;=:@/?%-]*$/;
/** Host headers seen, as URL spells them (a client sends one or two): bounded. */
const hosts = new Map<string, string>();

/** The request's target: parsed by the URL parser unless its path and query are plain (an API request's), whose parse gives them back unchanged. */
export function requestTarget(rawUrl: string, hostHeader: string): RequestTarget {
  let host = hosts.get(hostHeader);
  if (host === undefined) {
    host = new URL(`http://${hostHeader}`).host;
    if (hosts.size < 16) hosts.set(hostHeader, host);
  }
  const q = rawUrl.indexOf('?');
  const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = q < 0 ? '' : rawUrl.slice(q + 1);
  if (PLAIN_PATH.test(pathname) && PLAIN_QUERY.test(query)) return { pathname, search: query ? `?${query}` : '', host };
  const url = new URL(rawUrl, `http://${hostHeader}`);
  return { pathname: url.pathname, search: url.search, host: url.host };
}

/** Requests turned into events so far: with the time, each event's request id (requests in one millisecond shared one before). */
let eventCount = 0;

/** The event's `time` of the last second seen: the same text for every request in that second (formatting a date cost ≈ 0.6 µs a request). */
let timeSecond = Number.NaN;
let timeText = '';
function timeOf(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== timeSecond) {
    timeSecond = second;
    timeText = new Date(now).toUTCString();
  }
  return timeText;
}

export function toHttpEvent(
  request: IncomingMessage,
  url: RequestTarget,
  body: string,
  claims?: Record<string, string>,
  routeKey = '$default',
): HttpEvent {
  const headers: Record<string, string> = {};
  for (const name in request.headers) {
    const value = request.headers[name];
    headers[name] = Array.isArray(value) ? value.join(',') : (value ?? '');
  }
  const query = url.search ? Object.fromEntries(new URLSearchParams(url.search)) : {};
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now}-${++eventCount}`,
      routeKey,
      stage: '$default',
      time: timeOf(now),
      timeEpoch: now,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body ? { body } : {}),
    isBase64Encoded: false,
  } as unknown as HttpEvent;
}

export type ApiHandler = (event: HttpEvent) => Promise<APIGatewayProxyStructuredResultV2 | string>;

export async function startHttpApiServer(options: {
  /** Each group's handler, by group name (functions/api/groups/). */
  handlers: Readonly<Record<string, ApiHandler>>;
  localRoutes?: LocalRoute;
  /** Default: the local identity header. */
  authorize?: Authorize;
  port?: number;
  host?: string;
}): Promise<HttpApiServer> {
  const authorize = options.authorize ?? identityHeaderAuthorize;
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    void (async () => {
      try {
        const url = requestTarget(request.url ?? '/', request.headers.host ?? host);
        const read = readBody(request);
        const body = typeof read === 'string' ? read : await read;
        if (body === 'too-large') {
          sendWhole(
            response,
            413,
            { 'content-type': 'application/json; charset=utf-8' },
            JSON.stringify({ erreur: { code: 'corps-trop-volumineux', message: 'Le corps de la demande dépasse 1 Mio.' } }),
          );
          return;
        }
        const localAnswer = options.localRoutes?.({ method: request.method ?? 'GET', path: url.pathname, body });
        const local = localAnswer && (await localAnswer);
        if (local) {
          const text = typeof local.body === 'string' ? local.body : JSON.stringify(local.body);
          sendWhole(
            response,
            local.status,
            { 'content-type': local.contentType ?? 'application/json; charset=utf-8', 'cache-control': 'no-store', ...local.headers },
            text,
          );
          return;
        }
        const route = selectGatewayRoute(request.method ?? 'GET', url.pathname);
        const handler = route && options.handlers[route.group.name];
        if (!route || !handler) {
          // API Gateway's own answer for a request no route takes.
          sendWhole(response, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
          return;
        }
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value.join(',') : value;
        };
        const authorized = authorize({
          method: request.method ?? 'GET',
          path: url.pathname,
          authorization: header('authorization'),
          identityHeader: header(IDENTITY_HEADER),
        });
        const caller = authorized instanceof Promise ? await authorized : authorized;
        if (caller === 'unauthorized') {
          // API Gateway's own answer when its JWT authorizer refuses a request.
          sendWhole(
            response,
            401,
            { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
            JSON.stringify({ message: 'Unauthorized' }),
          );
          return;
        }
        const result = await handler(toHttpEvent(request, url, body, caller.claims, `${route.method} ${route.path}`));
        const structured = typeof result === 'string' ? { statusCode: 200, body: result } : result;
        sendWhole(response, structured.statusCode ?? 200, (structured.headers ?? {}) as Record<string, string>, structured.body ?? '');
      } catch (error) {
        console.error(error);
        sendWhole(
          response,
          500,
          { 'content-type': 'application/json; charset=utf-8' },
          JSON.stringify({ erreur: { code: 'erreur-interne', message: 'Une erreur interne est survenue.' } }),
        );
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new Error(`HTTP API: port ${options.port} is already in use (set another port with --port)`) : error,
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

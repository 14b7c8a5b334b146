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
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpEvent } from '#functions/api/app.ts';
import { selectGatewayRoute } from '#functions/api/gateway-routes.ts';

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

export type LocalRoute = (request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}) => Promise<{ status: number; body: unknown; contentType?: string; headers?: Record<string, string> } | undefined>;

export interface HttpApiServer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string | 'too-large'> {
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
}) => Promise<{ claims: Record<string, string> } | 'unauthorized'>;

/** The local mode: the X-Identite header stands for the claims (none: the handler answers 401). */
export const identityHeaderAuthorize: Authorize = async (request) => ({ claims: claimsFromIdentityHeader(request.identityHeader) ?? {} });

/** Requests turned into events so far: with the time, each event's request id (requests in one millisecond shared one before). */
let eventCount = 0;

export function toHttpEvent(
  request: IncomingMessage,
  url: URL,
  body: string,
  claims?: Record<string, string>,
  routeKey = '$default',
): HttpEvent {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
  // url.searchParams builds a URLSearchParams object: not for the many requests without a query.
  const query = url.search ? Object.fromEntries(url.searchParams) : {};
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
      requestId: `local-${Date.now()}-${++eventCount}`,
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body ? { body } : {}),
    isBase64Encoded: false,
  } as unknown as HttpEvent;
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  response.writeHead(status, headers);
  response.end(body);
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
        const url = new URL(request.url ?? '/', `http://${request.headers.host ?? host}`);
        const body = await readBody(request);
        if (body === 'too-large') {
          send(
            response,
            413,
            { 'content-type': 'application/json; charset=utf-8' },
            JSON.stringify({ erreur: { code: 'corps-trop-volumineux', message: 'Le corps de la demande dépasse 1 Mio.' } }),
          );
          return;
        }
        const local = await options.localRoutes?.({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, body });
        if (local) {
          const text = typeof local.body === 'string' ? local.body : JSON.stringify(local.body);
          send(
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
          send(response, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
          return;
        }
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value.join(',') : value;
        };
        const caller = await authorize({
          method: request.method ?? 'GET',
          path: url.pathname,
          authorization: header('authorization'),
          identityHeader: header(IDENTITY_HEADER),
        });
        if (caller === 'unauthorized') {
          // API Gateway's own answer when its JWT authorizer refuses a request.
          send(
            response,
            401,
            { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
            JSON.stringify({ message: 'Unauthorized' }),
          );
          return;
        }
        const result = await handler(toHttpEvent(request, url, body, caller.claims, `${route.method} ${route.path}`));
        const structured = typeof result === 'string' ? { statusCode: 200, body: result } : result;
        send(response, structured.statusCode ?? 200, (structured.headers ?? {}) as Record<string, string>, structured.body ?? '');
      } catch (error) {
        console.error(error);
        send(
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

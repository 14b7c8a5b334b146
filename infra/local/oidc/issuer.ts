/**
 * A stand-in for the Cognito user pool's managed login, for the local platform and the tests: an
 * OpenID Connect issuer on this machine that signs its tokens with an RSA key it makes at start.
 * It answers at Cognito's paths, so the console's sign-in code is the same on both:
 *
 *   GET  /.well-known/openid-configuration   discovery (issuer, endpoints, jwks_uri)
 *   GET  /.well-known/jwks.json              the public key
 *   GET  /oauth2/authorize                   authorization code + PKCE (S256 required): the sign-in page, or
 *                                            straight back with a code while its session cookie lasts
 *   POST /login                              the sign-in page's form
 *   POST /oauth2/token                       grant_type=authorization_code (code_verifier checked) or refresh_token;
 *                                            CORS open, as Cognito's token endpoint
 *   GET  /logout?client_id&logout_uri        ends the session, back to logout_uri
 *
 * Tokens are shaped as Cognito's: the ID token carries `aud` (the client id), `token_use: id`,
 * `cognito:groups`, `cognito:username`, email and the custom attributes; the access token
 * `client_id`, `token_use: access`, `scope`. Codes last 5 minutes and are used once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { LocalUser, LocalUserDirectory } from './users.ts';
import { sendWhole } from '../send-whole.ts';

export interface OidcIssuerOptions {
  readonly users: LocalUserDirectory;
  readonly clientId: string;
  /** Where the client may be sent back (sign-in and sign-out), exactly. */
  readonly redirectUris: readonly string[];
  readonly port?: number;
  readonly host?: string;
  /** Lifetime of ID and access tokens (Cognito: the client's setting; here 1 hour). */
  readonly tokenSeconds?: number;
  readonly now?: () => Date;
}

export interface OidcIssuer {
  /** The issuer (`iss`), also the base of every endpoint. */
  readonly issuer: string;
  readonly clientId: string;
  /** Signs any payload with the issuer's key (tests: tokens with a wrong audience, expired…). */
  sign(payload: JWTPayload, options?: { expiresInSeconds?: number; issuedAt?: Date }): Promise<string>;
  /** Adds a redirect URI once the client's address is known. */
  allowRedirect(uri: string): void;
  close(): Promise<void>;
}

interface PendingCode {
  readonly sub: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string | undefined;
  readonly scope: string;
  readonly expiresAt: number;
}

/** Cognito's token endpoint answers browsers of any origin (a public client's PKCE exchange). */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
};

const CODE_MS = 5 * 60_000;
const SESSION_COOKIE = 'connexion-locale';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function refusalPage(what: string): string {
  return `<!doctype html><html lang="fr"><title>Erreur</title><p>${escapeHtml(what)}</p></html>`;
}

function base64url(buffer: Buffer): string {
  return buffer.toString('base64url');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) request.destroy();
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The French sign-in page (the managed login's stand-in): labelled fields, the error tied to them. */
function signInPage(params: URLSearchParams, error?: string): string {
  const hidden = [...params.entries()]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n      ');
  const invalid = error ? ' aria-invalid="true" aria-describedby="erreur"' : '';
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connexion — Appel à projets inclusion durable 2026</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #161616; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input[type=text], input[type=password] { width: 100%; padding: .5rem; font-size: 1rem; border: 1px solid #3a3a3a; box-sizing: border-box; }
  button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; background: #000091; color: #fff; border: 0; }
  :focus { outline: 3px solid #0a76f6; outline-offset: 2px; }
  .erreur { color: #ce0500; font-weight: 600; }
  .note { color: #3a3a3a; font-size: .9rem; }
</style></head>
<body>
  <main>
    <h1>Connexion</h1>
    <p>Appel à projets « politiques d’inclusion durable 2026 » — Département du Pas-de-Calais</p>
    <p class="note">Service de connexion local (remplace la connexion Cognito sur cette machine).</p>
    ${error ? `<p class="erreur" id="erreur" role="alert">${escapeHtml(error)}</p>` : ''}
    <form method="post" action="/login">
      ${hidden}
      <label for="identifiant">Adresse électronique</label>
      <input type="text" id="identifiant" name="username" autocomplete="username" required${invalid}>
      <label for="mot-de-passe">Mot de passe</label>
      <input type="password" id="mot-de-passe" name="password" autocomplete="current-password" required${invalid}>
      <button type="submit">Se connecter</button>
    </form>
  </main>
</body>
</html>`;
}

export async function startOidcIssuer(options: OidcIssuerOptions): Promise<OidcIssuer> {
  const now = options.now ?? (() => new Date());
  const tokenSeconds = options.tokenSeconds ?? 3600;
  const redirectUris = new Set(options.redirectUris);
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = base64url(randomBytes(8));
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  const sessions = new Map<string, string>(); // session cookie → sub
  const refreshTokens = new Map<string, { sub: string; clientId: string; scope: string }>();
  let issuer = '';

  const sign = (payload: JWTPayload, signOptions: { expiresInSeconds?: number; issuedAt?: Date } = {}) => {
    const iat = Math.floor((signOptions.issuedAt ?? now()).getTime() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + (signOptions.expiresInSeconds ?? tokenSeconds))
      .sign(privateKey);
  };

  const tokensFor = async (user: LocalUser, clientId: string, scope: string, nonce?: string) => {
    const authTime = Math.floor(now().getTime() / 1000);
    const common = { sub: user.sub, 'cognito:groups': [...user.groups], auth_time: authTime };
    const idToken = await sign({
      ...common,
      aud: clientId,
      token_use: 'id',
      'cognito:username': user.username,
      email: user.email,
      email_verified: true,
      ...user.attributes,
      ...(nonce ? { nonce } : {}),
    });
    const accessToken = await sign({ ...common, client_id: clientId, token_use: 'access', scope, username: user.username });
    return { id_token: idToken, access_token: accessToken, token_type: 'Bearer', expires_in: tokenSeconds };
  };

  const send = (response: ServerResponse, status: number, headers: Record<string, string>, body = '') =>
    sendWhole(response, status, { 'cache-control': 'no-store', ...headers }, body);
  const json = (response: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) =>
    send(response, status, { 'content-type': 'application/json; charset=utf-8', ...extra }, JSON.stringify(body));
  const oauthError = (response: ServerResponse, error: string, description: string) =>
    json(response, 400, { error, error_description: description }, CORS);
  const page = (response: ServerResponse, status: number, html: string) =>
    send(
      response,
      status,
      {
        'content-type': 'text/html; charset=utf-8',
        // No form-action: the form's answer redirects to the client's origin, which form-action would block.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        'referrer-policy': 'no-referrer',
      },
      html,
    );

  /** The authorize request's parameters, checked; a string says what is wrong. */
  const checkAuthorize = (params: URLSearchParams): string | undefined => {
    if (params.get('response_type') !== 'code') return 'response_type doit valoir code';
    if (params.get('client_id') !== options.clientId) return 'client_id inconnu';
    if (!redirectUris.has(params.get('redirect_uri') ?? '')) return 'redirect_uri non autorisée';
    if (!params.get('code_challenge') || params.get('code_challenge_method') !== 'S256')
      return 'PKCE requis (code_challenge, méthode S256)';
    return undefined;
  };
  const redirectWithCode = (response: ServerResponse, params: URLSearchParams, sub: string, extraHeaders: Record<string, string> = {}) => {
    const code = base64url(randomBytes(24));
    codes.set(code, {
      sub,
      clientId: options.clientId,
      redirectUri: params.get('redirect_uri')!,
      challenge: params.get('code_challenge')!,
      nonce: params.get('nonce') ?? undefined,
      scope: params.get('scope') ?? 'openid',
      expiresAt: now().getTime() + CODE_MS,
    });
    const target = new URL(params.get('redirect_uri')!);
    target.searchParams.set('code', code);
    if (params.get('state')) target.searchParams.set('state', params.get('state')!);
    send(response, 302, { location: target.toString(), ...extraHeaders });
  };

  const token = async (form: URLSearchParams, response: ServerResponse) => {
    if (form.get('client_id') !== options.clientId) return oauthError(response, 'invalid_client', 'client_id inconnu');
    if (form.get('grant_type') === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      const user = grant && options.users.bySub(grant.sub);
      if (!grant || !user || grant.clientId !== options.clientId)
        return oauthError(response, 'invalid_grant', 'jeton de rafraîchissement invalide');
      return json(response, 200, await tokensFor(user, grant.clientId, grant.scope), CORS);
    }
    if (form.get('grant_type') !== 'authorization_code')
      return oauthError(response, 'unsupported_grant_type', 'grant_type non pris en charge');
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code); // used once, whatever happens next
    if (!pending || pending.expiresAt < now().getTime())
      return oauthError(response, 'invalid_grant', 'code inconnu, expiré ou déjà utilisé');
    if (pending.redirectUri !== form.get('redirect_uri')) return oauthError(response, 'invalid_grant', 'redirect_uri différente');
    const verifier = form.get('code_verifier') ?? '';
    if (base64url(createHash('sha256').update(verifier).digest()) !== pending.challenge)
      return oauthError(response, 'invalid_grant', 'code_verifier ne correspond pas au code_challenge');
    const user = options.users.bySub(pending.sub);
    if (!user) return oauthError(response, 'invalid_grant', 'utilisateur inconnu');
    const refreshToken = base64url(randomBytes(32));
    refreshTokens.set(refreshToken, { sub: user.sub, clientId: pending.clientId, scope: pending.scope });
    return json(
      response,
      200,
      { ...(await tokensFor(user, pending.clientId, pending.scope, pending.nonce)), refresh_token: refreshToken },
      CORS,
    );
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', issuer || 'http://localhost');
      const method = request.method ?? 'GET';
      if (method === 'OPTIONS') return send(response, 204, { ...CORS, 'access-control-max-age': '600' });
      if (method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
        return json(
          response,
          200,
          {
            issuer,
            authorization_endpoint: `${issuer}/oauth2/authorize`,
            token_endpoint: `${issuer}/oauth2/token`,
            jwks_uri: `${issuer}/.well-known/jwks.json`,
            end_session_endpoint: `${issuer}/logout`,
            response_types_supported: ['code'],
            grant_types_supported: ['authorization_code', 'refresh_token'],
            code_challenge_methods_supported: ['S256'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
            scopes_supported: ['openid', 'email', 'profile'],
            token_endpoint_auth_methods_supported: ['none'],
          },
          CORS,
        );
      }
      if (method === 'GET' && url.pathname === '/.well-known/jwks.json') return json(response, 200, { keys: [jwk] }, CORS);
      if (method === 'GET' && url.pathname === '/oauth2/authorize') {
        const problem = checkAuthorize(url.searchParams);
        if (problem) return page(response, 400, refusalPage(`Demande de connexion refusée : ${problem}.`));
        const sub = sessions.get(cookieOf(request, SESSION_COOKIE) ?? '');
        if (sub && options.users.bySub(sub)) return redirectWithCode(response, url.searchParams, sub);
        return page(response, 200, signInPage(url.searchParams));
      }
      if (method === 'POST' && url.pathname === '/login') {
        const form = new URLSearchParams(await readBody(request));
        const params = new URLSearchParams([...form.entries()].filter(([k]) => k !== 'username' && k !== 'password'));
        const problem = checkAuthorize(params);
        if (problem) return page(response, 400, refusalPage(`Demande de connexion refusée : ${problem}.`));
        const user = options.users.authenticate(form.get('username') ?? '', form.get('password') ?? '');
        if (!user) return page(response, 401, signInPage(params, 'Adresse électronique ou mot de passe incorrect.'));
        const session = base64url(randomBytes(24));
        sessions.set(session, user.sub);
        return redirectWithCode(response, params, user.sub, {
          'set-cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Lax; Path=/`,
        });
      }
      if (method === 'POST' && url.pathname === '/oauth2/token') return token(new URLSearchParams(await readBody(request)), response);
      if (method === 'GET' && url.pathname === '/logout') {
        const back = url.searchParams.get('logout_uri') ?? '';
        if (url.searchParams.get('client_id') !== options.clientId || !redirectUris.has(back))
          return page(response, 400, refusalPage('Déconnexion refusée : client_id ou logout_uri.'));
        sessions.delete(cookieOf(request, SESSION_COOKIE) ?? '');
        return send(response, 302, { location: back, 'set-cookie': `${SESSION_COOKIE}=; Max-Age=0; Path=/` });
      }
      return json(response, 404, { error: 'not_found' });
    })().catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: 'server_error', error_description: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  issuer = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    get issuer() {
      return issuer;
    },
    clientId: options.clientId,
    sign,
    allowRedirect: (uri) => void redirectUris.add(uri),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The stand-in for Cognito's managed login (infra/local/oidc/issuer.ts) over HTTP, as a client
 * sees it: discovery and JWKS; authorization code + PKCE only (no PKCE, another redirect, a wrong
 * verifier, a code used twice are refused); tokens shaped as Cognito's and verifiable with its
 * JWKS; refresh; logout back to an allowed address only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIssuer, type OidcIssuer } from '#infra/local/oidc/issuer.ts';
import { LocalUserDirectory } from '#infra/local/oidc/users.ts';

const CLIENT = 'client-test';
const REDIRECT = 'http://127.0.0.1:9/console/';
const USER = { username: 'Chef.Arrageois@pasdecalais.fr', password: 'Mot-de-passe-chef-1' };

describe('the stand-in OIDC issuer', () => {
  let issuer: OidcIssuer;
  const users = new LocalUserDirectory();

  beforeAll(async () => {
    users.add({ ...USER, groups: ['chef-slai-slisl'], attributes: { 'custom:territory': 'arrageois' } });
    issuer = await startOidcIssuer({ users, clientId: CLIENT, redirectUris: [REDIRECT] });
  });
  afterAll(() => issuer?.close());

  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  const authorizeParams = (challenge: string, extra: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    state: 'etat-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  /** Signs in through the form; the code from the redirect. */
  const codeFor = async (challenge: string) => {
    const response = await fetch(`${issuer.issuer}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...authorizeParams(challenge), username: USER.username.toLowerCase(), password: USER.password }),
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('etat-1');
    return location.searchParams.get('code')!;
  };
  const token = (fields: Record<string, string>) =>
    fetch(`${issuer.issuer}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT, ...fields }),
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, any>,
      cors: r.headers.get('access-control-allow-origin'),
    }));

  it('publishes its discovery document and keys', async () => {
    const discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: issuer.issuer,
      authorization_endpoint: `${issuer.issuer}/oauth2/authorize`,
      token_endpoint: `${issuer.issuer}/oauth2/token`,
      code_challenge_methods_supported: ['S256'],
    });
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: { kty: string; alg: string; d?: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256' })]);
    expect(jwks.keys[0]!.d).toBeUndefined(); // the public half only
  });

  it('answers whole, with its length, as Cognito does (no chunked framing)', async () => {
    const answer = await fetch(`${issuer.issuer}/.well-known/openid-configuration`);
    const text = await answer.text();
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(answer.headers.get('transfer-encoding')).toBeNull();
  });

  it('shows its sign-in page only to a request with PKCE, this client and an allowed redirect', async () => {
    const { challenge } = pkce();
    const ok = await fetch(`${issuer.issuer}/oauth2/authorize?${new URLSearchParams(authorizeParams(challenge))}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<label for="mot-de-passe">Mot de passe</label>');
    const variants: Record<string, string>[] = [
      { code_challenge: '' },
      { code_challenge_method: 'plain' },
      { redirect_uri: 'https://ailleurs.example/' },
      { client_id: 'autre' },
      { response_type: 'token' },
    ];
    for (const bad of variants) {
      const refused = await fetch(`${issuer.issuer}/oauth2/authorize?${new URLSearchParams(authorizeParams(challenge, bad))}`);
      expect([JSON.stringify(bad), refused.status]).toEqual([JSON.stringify(bad), 400]);
    }
  });

  it('exchanges a code once, with its verifier only, for Cognito-shaped tokens signed with its key', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const wrong = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    // A refused attempt spends the code too.
    expect((await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).status).toBe(400);

    const p = pkce();
    const fresh = await codeFor(p.challenge);
    const tokens = await token({ grant_type: 'authorization_code', code: fresh, redirect_uri: REDIRECT, code_verifier: p.verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.cors).toBe('*');
    const keys = createRemoteJWKSet(new URL(`${issuer.issuer}/.well-known/jwks.json`));
    const { payload: id } = await jwtVerify(tokens.body.id_token, keys, { issuer: issuer.issuer, audience: CLIENT });
    expect(id).toMatchObject({
      token_use: 'id',
      'cognito:groups': ['chef-slai-slisl'],
      'cognito:username': USER.username.toLowerCase(),
      'custom:territory': 'arrageois',
      email: USER.username.toLowerCase(),
    });
    const { payload: access } = await jwtVerify(tokens.body.access_token, keys, { issuer: issuer.issuer });
    expect(access).toMatchObject({ token_use: 'access', client_id: CLIENT });
    expect((await token({ grant_type: 'authorization_code', code: fresh, redirect_uri: REDIRECT, code_verifier: p.verifier })).status).toBe(
      400,
    );

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await jwtVerify(refreshed.body.id_token, keys, { issuer: issuer.issuer, audience: CLIENT })).payload.sub).toBe(id.sub);
  });

  it('refuses a wrong password on its page, and signs out only back to an allowed address', async () => {
    const refused = await fetch(`${issuer.issuer}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...authorizeParams(pkce().challenge), username: USER.username, password: 'non' }),
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('role="alert">Adresse électronique ou mot de passe incorrect.');
    const out = await fetch(`${issuer.issuer}/logout?${new URLSearchParams({ client_id: CLIENT, logout_uri: REDIRECT })}`, {
      redirect: 'manual',
    });
    expect([out.status, out.headers.get('location')]).toEqual([302, REDIRECT]);
    const elsewhere = await fetch(
      `${issuer.issuer}/logout?${new URLSearchParams({ client_id: CLIENT, logout_uri: 'https://ailleurs.example/' })}`,
      {
        redirect: 'manual',
      },
    );
    expect(elsewhere.status).toBe(400);
  });
});

/**
 * Signing in where config.json says « jwt » (AWS: the Cognito user pool's managed login; locally,
 * its stand-in issuer): the OAuth 2.0 authorization code grant with PKCE (RFC 7636, S256), the
 * console being a public client (no secret). The tokens live in this module's memory only —
 * never in localStorage or sessionStorage: a reload signs in again, silently while the sign-in
 * service's session lasts. Only the PKCE verifier, the state and the page to come back to cross
 * the round trip, in sessionStorage, and are removed on return. The ID token (it carries the
 * groups and custom attributes) is what the API's JWT authorizer reads; it is refreshed with the
 * refresh token a minute before it expires.
 */
import { getConfig } from './api.js';

const PENDING_KEY = 'aap.connexion-en-cours';
let tokens;

function base64url(bytes) {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
const randomString = (size) => base64url(crypto.getRandomValues(new Uint8Array(size)));
async function challengeOf(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}
function endpoint(path) {
  return new URL(path, getConfig().connexion.domaine).toString();
}
/** The console's own address (no query, no route): where the sign-in service sends the person back. */
function consoleAddress() {
  return `${location.origin}${location.pathname}`;
}

export function decodeJwt(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
  } catch {
    return undefined;
  }
}

/** Goes to the sign-in page; back on `returnTo` (a « #/… » route) once signed in. */
export async function signIn(returnTo = location.hash) {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(endpoint('/oauth2/authorize'));
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: getConfig().connexion.clientId,
    redirect_uri: consoleAddress(),
    scope: 'openid email profile',
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    lang: 'fr',
  }).toString();
  location.assign(url.toString());
}

async function tokenRequest(fields) {
  let response;
  try {
    response = await fetch(endpoint('/oauth2/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: getConfig().connexion.clientId, ...fields }).toString(),
    });
  } catch {
    throw new Error('Le service de connexion ne répond pas. Réessayez dans un instant.');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.id_token)
    throw new Error(`La connexion a échoué (${body.error ?? `erreur ${response.status}`}) : reconnectez-vous.`);
  tokens = {
    idToken: body.id_token,
    refreshToken: body.refresh_token ?? tokens?.refreshToken,
    expiresAt: Date.now() + Number(body.expires_in ?? 3600) * 1000,
  };
}

/**
 * Back from the sign-in page (`?code=…&state=…` in the address): checks the state, exchanges the
 * code with the verifier, takes the code out of the address. Nothing to do otherwise.
 */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? ''}`);
  if (error) throw new Error(`La connexion a été refusée (${error}).`);
  if (!pending || pending.state !== params.get('state')) throw new Error('La connexion n’a pas pu être vérifiée : reconnectez-vous.');
  await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: consoleAddress(), code_verifier: pending.verifier });
}

/** The ID token to send (refreshed when it is about to expire), or undefined when signed out. */
export async function idToken() {
  if (tokens && Date.now() > tokens.expiresAt - 60_000) {
    try {
      if (!tokens.refreshToken) throw new Error('no refresh token');
      await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
    } catch {
      tokens = undefined;
    }
  }
  return tokens?.idToken;
}

/** The claims of the ID token in memory (what the page shows; the API checks the token itself). */
export function signedInClaims() {
  return tokens ? decodeJwt(tokens.idToken) : undefined;
}

/** Forgets the tokens (the API refused them). */
export function forgetTokens() {
  tokens = undefined;
}

/** Forgets the tokens and ends the sign-in service's session, back on the console. */
export function signOut() {
  tokens = undefined;
  const url = new URL(endpoint('/logout'));
  url.search = new URLSearchParams({ client_id: getConfig().connexion.clientId, logout_uri: consoleAddress() }).toString();
  location.assign(url.toString());
}

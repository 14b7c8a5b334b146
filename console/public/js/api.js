/**
 * The HTTP API, as configured in config.json: `apiBaseUrl` (empty: the same origin, as on the
 * local platform; `/api` on AWS, the API behind the console's CloudFront distribution) and
 * `identite` — « locale » (the local platform's X-Identite header, chosen in the console) or
 * « jwt » (the ID token of the person signed in through `connexion`, sent as Authorization:
 * Bearer: auth.js).
 */
import { forgetTokens, idToken, signedInClaims } from './auth.js';

export class ApiError extends Error {
  constructor(status, code, message, champs = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.champs = champs;
  }
}

const IDENTITY_KEY = 'aap.identite';
export const DEFAULT_IDENTITY = 'service-instructeur:instructeur-arrageois:arrageois';

let config = { apiBaseUrl: '', identite: 'locale' };

export async function loadConfig() {
  try {
    const response = await fetch(new URL('../config.json', import.meta.url), { cache: 'no-store' });
    if (response.ok) config = { ...config, ...(await response.json()) };
  } catch {
    // keep the defaults: same origin, local identity
  }
  config.apiBaseUrl = String(config.apiBaseUrl ?? '').replace(/\/+$/, '');
  return config;
}
export const getConfig = () => config;

/** The local identity header's value: « role:id[:territoire] ». */
export function localIdentity() {
  return localStorage.getItem(IDENTITY_KEY) || DEFAULT_IDENTITY;
}
export function setLocalIdentity(value) {
  localStorage.setItem(IDENTITY_KEY, value);
}

/** Who the console acts as: { role, id, territoire } (territoire « departement » for the CP secretariat). */
export function currentIdentity() {
  if (config.identite === 'jwt') {
    const claims = signedInClaims();
    if (!claims) return undefined;
    const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
    const role = ['porteur', 'service-instructeur', 'chef-slai-slisl', 'secretariat-cp'].find((r) => groups.includes(r));
    if (!role) return undefined;
    return {
      role,
      id: claims.sub,
      nom: claims.email ?? claims['cognito:username'] ?? claims.sub,
      territoire: role === 'secretariat-cp' ? 'departement' : (claims['custom:territory'] ?? ''),
      ...(claims['custom:siret'] ? { siret: claims['custom:siret'] } : {}),
    };
  }
  const [role, id, territoire] = localIdentity().split(':');
  return { role, id, territoire: role === 'secretariat-cp' ? 'departement' : (territoire ?? '') };
}

async function authHeaders() {
  if (config.identite === 'jwt') {
    const token = await idToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  }
  return { 'x-identite': localIdentity() };
}

/** Calls the API; resolves with the parsed JSON, rejects with an ApiError carrying the French message and fields. */
export async function api(method, path, body, extraHeaders = {}) {
  const headers = { accept: 'application/json', ...(await authHeaders()), ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${config.apiBaseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'reseau', 'Le service ne répond pas. Vérifiez votre connexion puis réessayez.');
  }
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    // The API's authorizer refused the token (expired, revoked): the person signs in again.
    if (response.status === 401 && config.identite === 'jwt') {
      forgetTokens();
      throw new ApiError(401, 'non-authentifie', 'Votre session a pris fin : reconnectez-vous.');
    }
    const erreur = data?.erreur ?? {};
    throw new ApiError(response.status, erreur.code ?? 'erreur', erreur.message ?? `Erreur ${response.status}.`, erreur.champs ?? []);
  }
  return data;
}

/** Saves a file the API answers (the CSV of a list…) as `filename`, through the browser's download. */
export async function download(path, filename) {
  const response = await fetch(`${config.apiBaseUrl}${path}`, { headers: await authHeaders() }).catch(() => {
    throw new ApiError(0, 'reseau', 'Le service ne répond pas. Vérifiez votre connexion puis réessayez.');
  });
  if (!response.ok) throw new ApiError(response.status, 'erreur', `Erreur ${response.status}.`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Local platform only (no identity): /_local/info, /_local/horloge. Undefined when there is no local platform. */
export async function local(method, path, body) {
  if (config.identite !== 'locale') return undefined;
  try {
    return await api(method, path, body);
  } catch (error) {
    if (error.status === 404 || error.status === 0) return undefined;
    throw error;
  }
}

let referentiel;
/** The call's reference data (GET /referentiel), read once. */
export async function getReferentiel() {
  referentiel ??= api('GET', '/referentiel').catch((error) => {
    referentiel = undefined;
    throw error;
  });
  return referentiel;
}

let localInfo;
/** What the local platform said of itself (GET /_local/info), or undefined off the local platform. */
export const getLocalInfo = () => localInfo;
export function setLocalInfo(value) {
  localInfo = value;
}

/**
 * The HTTP API, as configured in config.json: `apiBaseUrl` (empty: the same origin, as on the
 * local platform) and `identite` — « locale » (the local platform's X-Identite header, chosen in
 * the console) or « jwt » (AWS: the Cognito ID token, sent as Authorization: Bearer; signing in
 * is not the console's job: the token is read from sessionStorage « aap.idToken »).
 */
export class ApiError extends Error {
  constructor(status, code, message, champs = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.champs = champs;
  }
}

const IDENTITY_KEY = 'aap.identite';
const TOKEN_KEY = 'aap.idToken';
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

function decodeJwt(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return undefined;
  }
}

/** Who the console acts as: { role, id, territoire } (territoire « departement » for the CP secretariat). */
export function currentIdentity() {
  if (config.identite === 'jwt') {
    const claims = decodeJwt(sessionStorage.getItem(TOKEN_KEY) ?? '');
    if (!claims) return undefined;
    const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
    const role = ['porteur', 'service-instructeur', 'chef-slai-slisl', 'secretariat-cp'].find((r) => groups.includes(r));
    if (!role) return undefined;
    return { role, id: claims.sub, territoire: role === 'secretariat-cp' ? 'departement' : (claims['custom:territory'] ?? '') };
  }
  const [role, id, territoire] = localIdentity().split(':');
  return { role, id, territoire: role === 'secretariat-cp' ? 'departement' : (territoire ?? '') };
}

function authHeaders() {
  if (config.identite === 'jwt') {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { authorization: `Bearer ${token}` } : {};
  }
  return { 'x-identite': localIdentity() };
}

/** Calls the API; resolves with the parsed JSON, rejects with an ApiError carrying the French message and fields. */
export async function api(method, path, body, extraHeaders = {}) {
  const headers = { accept: 'application/json', ...authHeaders(), ...extraHeaders };
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

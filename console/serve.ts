/**
 * The web console's static files on the local platform: `console/public/` at `/console/`, and `/`
 * redirected there. Only for the local platform (on AWS the same folder is served by CloudFront
 * from S3: infra/aws/constructs/console-site.ts), with the same security headers. Read-only, GET and HEAD only, never outside the
 * folder; a path without an extension (a bookmarked `/console/taches/<id>`) gets index.html.
 * `/console/workflows/<machine>.asl.json` is the state machine's definition as generated
 * (workflows/, deployed beside the console on AWS too): the console draws a dossier's path on the
 * very ASL the runtime executes.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleSecurityHeaders } from './security-headers.ts';

export const CONSOLE_PREFIX = '/console/';
export const CONSOLE_ROOT = fileURLToPath(new URL('./public/', import.meta.url));
export const WORKFLOWS_ROOT = fileURLToPath(new URL('../workflows/', import.meta.url));
const WORKFLOW_DEFINITION = /^workflows\/([a-z]+\.asl\.json)$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticAnswer {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The console's paths: its folder, and `/` and `/console` redirected there. */
export const isConsolePath = (path: string) => path === '/' || path === '/console' || path.startsWith(CONSOLE_PREFIX);

/** How the platform hosts the console: a config.json of its own (as the deployment writes one on AWS), the sign-in origin for the CSP. */
export interface ConsoleHosting {
  config?: Record<string, unknown>;
  signInOrigin?: string;
}

/** The answer for a request of the console, or undefined when the path is not the console's. */
export async function serveConsole(
  request: { method: string; path: string },
  root: string = CONSOLE_ROOT,
  hosting: ConsoleHosting = {},
): Promise<StaticAnswer | undefined> {
  if (!isConsolePath(request.path)) return undefined;
  if (!request.path.startsWith(CONSOLE_PREFIX)) {
    return { status: 302, body: '', contentType: 'text/plain; charset=utf-8', headers: { location: CONSOLE_PREFIX } };
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return {
      status: 405,
      body: JSON.stringify({ erreur: { code: 'methode-non-permise', message: 'La console ne se lit qu’en GET.' } }),
      headers: { allow: 'GET, HEAD' },
    };
  }
  let relative: string;
  try {
    relative = decodeURIComponent(request.path.slice(CONSOLE_PREFIX.length));
  } catch {
    return { status: 400, body: JSON.stringify({ erreur: { code: 'chemin-invalide', message: 'Chemin invalide.' } }) };
  }
  if (relative === '' || !extname(relative)) relative = 'index.html';
  if (relative === 'config.json' && hosting.config)
    return {
      status: 200,
      body: JSON.stringify(hosting.config),
      contentType: TYPES['.json'],
      headers: consoleSecurityHeaders(hosting.signInOrigin),
    };
  const definition = WORKFLOW_DEFINITION.exec(relative);
  if (definition) [root, relative] = [WORKFLOWS_ROOT, definition[1]!];
  const file = normalize(join(root, relative));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || relative.includes('\0')) {
    return { status: 404, body: JSON.stringify({ erreur: { code: 'introuvable', message: 'Fichier introuvable.' } }) };
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file, 'utf8');
    return {
      status: 200,
      body: request.method === 'HEAD' ? '' : body,
      contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      headers: consoleSecurityHeaders(hosting.signInOrigin),
    };
  } catch {
    return { status: 404, body: JSON.stringify({ erreur: { code: 'introuvable', message: 'Fichier introuvable.' } }) };
  }
}

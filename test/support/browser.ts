/**
 * A real headless browser for the console's end-to-end tests: Debian's Chromium driven by
 * playwright-core (which downloads no browser of its own). The machine's Chromium is used when
 * there is one (CHROMIUM_PATH, /usr/bin/chromium…); otherwise, as root with apt-get (CI, a fresh
 * machine), `apt-get install chromium` installs it — after `apt-get update` when the package lists
 * are missing or stale. Only when that is impossible (not root, no apt-get, no package) do the
 * tests skip, saying why.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Where the screenshots go (kept as test artefacts; the folder ignores itself in git). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

export type ChromiumLookup = { executablePath: string; how: string } | { executablePath?: undefined; reason: string };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function found(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && executable(fromEnv)) return fromEnv;
  return CANDIDATES.find(executable);
}

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    timeout: 10 * 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/** Finds Chromium, or installs Debian's; says why not when it cannot. */
export function ensureChromium(): ChromiumLookup {
  const present = found();
  if (present) return { executablePath: present, how: `found at ${present}` };
  if (process.platform !== 'linux')
    return { reason: `no Chromium found (${CANDIDATES.join(', ')}; or set CHROMIUM_PATH) and no apt-get on ${process.platform}` };
  if (!executable('/usr/bin/apt-get')) return { reason: 'no Chromium found and no apt-get to install it (set CHROMIUM_PATH)' };
  if (process.getuid?.() !== 0)
    return { reason: 'no Chromium found, and installing it needs root (run `apt-get install -y chromium` as root, or set CHROMIUM_PATH)' };
  const install = () => run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', 'chromium']);
  let attempt = install();
  if (!attempt.ok) {
    const update = run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update']);
    attempt = install();
    if (!attempt.ok)
      return { reason: `apt-get could not install chromium:\n${update.output.slice(-1500)}\n${attempt.output.slice(-1500)}` };
  }
  const installed = found();
  return installed
    ? { executablePath: installed, how: `installed by apt-get (${installed})` }
    : { reason: `apt-get installed chromium but no executable was found among ${CANDIDATES.join(', ')}` };
}

/** Headless Chromium as this machine needs it: no sandbox as root, no background network (none here), French. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=fr-FR',
    ],
  });
}

/** Creates the artefacts folder (ignored by git: it holds its own `.gitignore`). */
export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const root = join(ARTIFACTS, '..');
  writeFileSync(join(root, '.gitignore'), '# screenshots and other artefacts of the end-to-end tests\n*\n');
  return ARTIFACTS;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(artifactsDir(), `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is (the RGAA follows WCAG 2.1 AA). Evaluated
 * through the DevTools protocol, so the console's Content-Security-Policy stays as it is.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

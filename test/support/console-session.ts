/**
 * What the console's end-to-end tests share: the platform's API called as any identity (local
 * `X-Identite` header), waiting for what the workflows do next, a person's way of choosing who
 * they are in the console, the accessibility check of a page (axe-core, WCAG 2.1 A/AA), and the
 * console opened in Chromium as a person in Paris would see it.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, launchChromium } from './browser.ts';

export interface ApiAnswer {
  status: number;
  body: any;
}

/** The platform's HTTP API, as `identity` (none: anonymous). */
export function apiOf(base: () => string) {
  return async (
    method: string,
    path: string,
    identity?: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer> => {
    const response = await fetch(`${base()}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(identity ? { 'x-identite': identity } : {}), ...headers },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

/** Polls `probe` until it gives a value (what a workflow does next happens a moment later). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  for (const until = Date.now() + ms; ; ) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`not reached: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The open task of a step on a dossier, as its inbox lists it. */
export function taskOf(call: ReturnType<typeof apiOf>, identity: string, dossierId: string, step: string): Promise<string> {
  return eventually(
    async () =>
      ((await call('GET', '/taches', identity)).body.taches as { id: string; dossierId: string; etape: string }[]).find(
        (t) => t.dossierId === dossierId && t.etape === step,
      )?.id,
    `${step} task`,
  );
}

/** Chooses who the console acts as, on its « Changer d’identité » page (the local platform). */
export async function chooseIdentity(page: Page, roleLabel: string, id: string, territoryCode?: string): Promise<void> {
  await page.getByRole('link', { name: 'Changer d’identité', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Changer d’identité' }).waitFor();
  await page.getByRole('radio', { name: roleLabel }).check();
  await page.getByLabel('Identifiant').fill(id);
  if (territoryCode) await page.getByLabel('Territoire').selectOption(territoryCode);
  await page.getByRole('button', { name: 'Utiliser cette identité' }).click();
}

/** axe-core finds nothing against WCAG 2.1 A/AA on the page as it is. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** The console page of `base`, open and ready, in French, on Paris time; `onPageError` hears the page's uncaught errors. */
export async function openConsole(
  executablePath: string,
  base: string,
  onPageError?: (message: string) => void,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium(executablePath);
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  if (onPageError) page.on('pageerror', (error) => onPageError(error.message));
  await page.goto(`${base}/console/`);
  await page.waitForSelector('html[data-pret="oui"]');
  return { browser, page };
}

/**
 * The first screen of a fresh platform on today's date — after the call's filing window (12
 * January → 15 September 2026) — in headless Chromium: the console's first page says that filing
 * is closed and gives the ways on, the very lines `npm start` prints (infra/local/first-screen.ts);
 * keyboard and axe-core's WCAG 2.1 AA rules. Screenshot: test-artifacts/console/10-accueil-hors-depot.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisDateOf } from '#domain/time/paris.ts';
import { filingWindowOn } from '#infra/local/first-screen.ts';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { axeViolations, ensureChromium, launchChromium, screenshot } from '#test/support/browser.ts';

const lookup = ensureChromium();
const describeWithChromium = lookup.executablePath ? describe : describe.skip;
if (!lookup.executablePath) console.warn(`first screen e2e SKIPPED — ${'reason' in lookup ? lookup.reason : ''}`);

describeWithChromium('the first screen of a fresh platform outside the filing window', { timeout: 120_000 }, () => {
  let platform: Platform;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    platform = await startPlatform({ startAt: new Date('2026-11-30T09:00:00Z'), tickMs: 100 });
    browser = await launchChromium(lookup.executablePath!);
    page = await (
      await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } })
    ).newPage();
    page.setDefaultTimeout(15_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('says filing is closed, gives the ways on (the exact command, the demo), then leads to the console', async () => {
    const expected = filingWindowOn(parisDateOf(platform.clock.now()));
    expect(expected.etat).toBe('apres');
    await page.goto(`${platform.api}/`);
    await page.waitForSelector('html[data-pret="oui"]');
    await page.getByRole('heading', { level: 1, name: 'Bienvenue sur la console de l’appel à projets' }).waitFor();
    expect(await page.locator('#etat-depot').textContent()).toBe(expected.message);
    expect(expected.message).toContain('clos');
    const commands = await page.locator('pre.commande code').allTextContents();
    expect(commands).toEqual(expected.voies.map((v) => v.commande));
    expect(commands).toEqual([expect.stringMatching(/^npm start -- --data \.data-2026-01-12 --start-date 2026-01-12$/), 'npm run demo']);
    expect(await page.getByRole('link', { name: 'Accueil' }).getAttribute('aria-current')).toBe('page');
    await screenshot(page, '10-accueil-hors-depot');
    expect(await axeViolations(page)).toEqual([]);

    // On by keyboard: the inbox link.
    await page.getByRole('link', { name: 'Aller à la boîte de réception' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Boîte de réception' }).waitFor();
  });
});

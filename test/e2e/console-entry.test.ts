/**
 * The dossiers that enter outside E-partenaire, in the web console (headless Chromium, local
 * platform in this process): the service opens an individual filing space for a Word-channel
 * porteur from its inbox, the porteur follows the emailed link to the filing form of that space
 * (and is told once it has served), the instructing service's page to register a Démarches
 * simplifiées dossier with its number. axe-core on each page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSiretCheckDigit } from '#domain/submission/index.ts';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { ensureChromium } from '#test/support/browser.ts';
import { apiOf, chooseIdentity, eventually, expectAccessible, openConsole } from '#test/support/console-session.ts';

const lookup = ensureChromium();
const describeWithChromium = lookup.executablePath ? describe : describe.skip;

describeWithChromium('entering outside E-partenaire, in the console', { timeout: 300_000 }, () => {
  let platform: Platform;
  let browser: Browser;
  let page: Page;
  const call = apiOf(() => platform.api);
  const siret = withSiretCheckDigit('4420000000077');
  const ready = () => page.waitForSelector('html[data-pret="oui"]');
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

  beforeAll(async () => {
    platform = await startPlatform({ startAt: new Date('2026-03-02T08:00:00Z'), tickMs: 100 });
    ({ browser, page } = await openConsole(lookup.executablePath!, platform.api));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('the service opens a filing space; the porteur follows its link to the form of that space, told once it has served', async () => {
    await chooseIdentity(page, 'Service instructeur', 'spslh', 'arrageois');
    await heading('Boîte de réception').waitFor();
    await page.getByRole('button', { name: 'Ouvrir un espace de dépôt (dossier Word)' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Dispositif/).selectOption('2.11');
    await dialog.getByLabel(/Structure/).fill('Association Énergie Solidaire');
    await dialog.getByLabel(/SIRET/).fill(siret);
    await dialog.getByLabel(/Courriel du candidat/).fill('contact@energie-solidaire.example.org');
    await dialog.getByRole('button', { name: 'Ouvrir l’espace et envoyer le lien' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toContain('Espace de dépôt ouvert pour Association Énergie Solidaire');

    // The link, as the porteur reads it in its email.
    const link = await eventually(async () => {
      const store = (await (await fetch(`${platform.ses}/store`)).json()) as { emails: { body: { text?: string } }[] };
      return store.emails.map((e) => /#\/depot\/([A-Za-z0-9_-]{22})/.exec(e.body.text ?? '')?.[1]).find(Boolean);
    }, 'the filing space’s email');
    await chooseIdentity(page, 'Porteur de projet', 'energie-solidaire');
    await page.goto(`${platform.api}/console/#/depot/${link}`);
    await ready();
    await heading('Déposer par votre espace de dépôt').waitFor();
    expect(await page.getByRole('main').textContent()).toContain(`SIRET ${siret}`);
    expect(await page.getByLabel('Dispositif', { exact: true }).locator('option').allTextContents()).toEqual([
      '— choisir un dispositif ouvert —',
      expect.stringMatching(/^2\.11 — /),
    ]);
    await expectAccessible(page, 'filing through a filing space');

    const body = validSubmissionFixture({ dispositifCode: '2.11', territory: 'arrageois' });
    body.porteur.siret = siret;
    expect((await call('POST', `/invitations-depot/${link}/dossier`, 'porteur:energie-solidaire', body)).status).toBe(201);
    await page.reload();
    await ready();
    expect(await page.getByRole('main').textContent()).toContain('Un dossier a déjà été déposé par cet espace.');
  });

  it('the instructing service registers a Démarches simplifiées dossier with its number: the number is asked first', async () => {
    await chooseIdentity(page, 'Service instructeur', 'instructeur-boulonnais', 'boulonnais');
    await heading('Boîte de réception').waitFor();
    await page.getByRole('link', { name: 'Enregistrer un dossier Démarches simplifiées (3.7)' }).click();
    await heading('Enregistrer un dossier Démarches simplifiées').waitFor();
    expect(await page.getByLabel('Dispositif', { exact: true }).locator('option').allTextContents()).toEqual([
      '— choisir un dispositif ouvert —',
      expect.stringMatching(/^3\.7 — /),
    ]);
    await page.getByRole('button', { name: 'Déposer le dossier' }).click();
    await expect.poll(() => page.locator('.resume-erreurs').textContent()).toContain('Numéro Démarches simplifiées');
    await expectAccessible(page, 'registering a Démarches simplifiées dossier');
  });
});

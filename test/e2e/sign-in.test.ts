/**
 * Signing in, as on AWS, on one machine: a stand-in for the Cognito user pool's managed login
 * (infra/local/oidc: discovery, JWKS with a key it makes, authorize + token with PKCE, logout),
 * the platform in `jwt` mode verifying bearer tokens as API Gateway's JWT authorizer does
 * (signature, issuer, audience, expiry), and the console signing in through it in headless
 * Chromium: authorization code + PKCE, tokens in memory only, a reload signed in again without a
 * password, sign-out. Screenshots: test-artifacts/console/2x-*.png.
 */
import { generateKeyPair, SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIssuer, type OidcIssuer } from '#infra/local/oidc/issuer.ts';
import { LocalUserDirectory } from '#infra/local/oidc/users.ts';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { axeViolations, ensureChromium, launchChromium, screenshot } from '#test/support/browser.ts';

const lookup = ensureChromium();
const describeWithChromium = lookup.executablePath ? describe : describe.skip;
if (!lookup.executablePath) console.warn(`sign-in e2e SKIPPED — ${'reason' in lookup ? lookup.reason : ''}`);

const CLIENT_ID = 'console-locale';
const INSTRUCTOR = { username: 'instruction-arrageois@pasdecalais.fr', password: 'Mot-de-passe-instructeur-1' };
const PORTEUR = { username: 'contact@asso-exemple62.fr', password: 'Mot-de-passe-porteur-1' };
const SIRET = validSubmissionFixture().porteur.siret;

describe('the local platform in jwt mode: tokens verified as API Gateway does', { timeout: 120_000 }, () => {
  let platform: Platform;
  let issuer: OidcIssuer;
  const users = new LocalUserDirectory();
  let instructorSub = '';

  beforeAll(async () => {
    instructorSub = users.add({ ...INSTRUCTOR, groups: ['service-instructeur'], attributes: { 'custom:territory': 'arrageois' } }).user.sub;
    issuer = await startOidcIssuer({ users, clientId: CLIENT_ID, redirectUris: [] });
    platform = await startPlatform({
      startAt: new Date('2026-03-02T08:00:00Z'),
      tickMs: 100,
      identity: { mode: 'jwt', issuer: issuer.issuer, clientId: CLIENT_ID },
    });
  }, 60_000);
  afterAll(async () => {
    await platform?.stop();
    await issuer?.close();
  });

  const inbox = (authorization?: string) =>
    fetch(`${platform.api}/taches`, { headers: authorization ? { authorization } : {} }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as any,
    }));
  const idClaims = (extra: Record<string, unknown> = {}) => ({
    sub: instructorSub,
    aud: CLIENT_ID,
    token_use: 'id',
    'cognito:groups': ['service-instructeur'],
    'custom:territory': 'arrageois',
    ...extra,
  });

  it('accepts an ID token of the issuer for the client, and an access token (client_id), with the claims flattened', async () => {
    const ok = await inbox(`Bearer ${await issuer.sign(idClaims())}`);
    expect(ok.status).toBe(200);
    expect(ok.body.taches).toEqual([]);
    const access = await issuer.sign({
      sub: instructorSub,
      client_id: CLIENT_ID,
      token_use: 'access',
      'cognito:groups': ['service-instructeur'],
      'custom:territory': 'arrageois',
    });
    expect((await inbox(`Bearer ${access}`)).status).toBe(200);
  });

  it('refuses with API Gateway’s 401 before the handler: no token, another audience, expired, not yet valid, another key, another issuer, unsigned', async () => {
    const now = new Date();
    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT(idClaims())
      .setProtectedHeader({ alg: 'RS256', kid: 'x' })
      .setIssuer(issuer.issuer)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...idClaims(), iss: issuer.issuer, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.`;
    const otherIssuer = await new SignJWT(idClaims())
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://cognito-idp.eu-west-3.amazonaws.com/autre')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    for (const [what, authorization] of [
      ['none', undefined],
      ['another audience', `Bearer ${await issuer.sign(idClaims({ aud: 'autre-client' }))}`],
      ['expired', `Bearer ${await issuer.sign(idClaims(), { issuedAt: new Date(now.getTime() - 7200_000), expiresInSeconds: 3600 })}`],
      ['issued in the future', `Bearer ${await issuer.sign(idClaims(), { issuedAt: new Date(now.getTime() + 600_000) })}`],
      ['another key', `Bearer ${foreign}`],
      ['another issuer', `Bearer ${otherIssuer}`],
      ['unsigned', `Bearer ${unsigned}`],
      ['garbage', 'Bearer abc.def.ghi'],
    ] as const) {
      const answer = await inbox(authorization);
      expect([what, answer.status, answer.body]).toEqual([what, 401, { message: 'Unauthorized' }]);
    }
    // The local identity header means nothing in jwt mode.
    const header = await fetch(`${platform.api}/taches`, { headers: { 'x-identite': 'service-instructeur:x:arrageois' } });
    expect(header.status).toBe(401);
  });

  it('serves the console a config.json pointing at the issuer, and a CSP that lets it reach the token endpoint only there', async () => {
    const config = await fetch(`${platform.api}/console/config.json`);
    expect(await config.json()).toEqual({ apiBaseUrl: '', identite: 'jwt', connexion: { domaine: issuer.issuer, clientId: CLIENT_ID } });
    const index = await fetch(`${platform.api}/console/`);
    expect(index.headers.get('content-security-policy')).toContain(`connect-src 'self' ${issuer.issuer};`);
  });
});

describeWithChromium('the console signs in through the stand-in issuer (code + PKCE) in headless Chromium', { timeout: 180_000 }, () => {
  let platform: Platform;
  let issuer: OidcIssuer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: { url: string; authorization?: string }[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const users = new LocalUserDirectory();
    users.add({ ...INSTRUCTOR, groups: ['service-instructeur'], attributes: { 'custom:territory': 'arrageois' } });
    users.add({ ...PORTEUR, groups: ['porteur'], attributes: { 'custom:siret': SIRET } });
    issuer = await startOidcIssuer({ users, clientId: CLIENT_ID, redirectUris: [] });
    platform = await startPlatform({
      startAt: new Date('2026-03-02T08:00:00Z'),
      tickMs: 100,
      identity: { mode: 'jwt', issuer: issuer.issuer, clientId: CLIENT_ID },
      users,
    });
    issuer.allowRedirect(`${platform.api}/console/`);
    browser = await launchChromium(lookup.executablePath!);
    context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers().authorization }));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await issuer?.close();
  });

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const ready = () => page.waitForSelector('html[data-pret="oui"]');
  const signInAt = async (who: { username: string; password: string }) => {
    await page.getByLabel('Adresse électronique').fill(who.username);
    await page.getByLabel('Mot de passe').fill(who.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  };
  const storage = () =>
    page.evaluate(() => JSON.stringify({ local: { ...globalThis.localStorage }, session: { ...globalThis.sessionStorage } }));

  it('a signed-out person gets the sign-in page; the sign-in service refuses a wrong password, then sends the instructor back signed in', async () => {
    await page.goto(`${platform.api}/`);
    await ready();
    await heading('Connexion').waitFor();
    expect(await page.locator('#identite-courante').textContent()).toBe('Non connecté');
    await screenshot(page, '20-connexion');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${issuer.issuer}/oauth2/authorize?**`);
    const authorize = new URL(page.url());
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${platform.api}/console/`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      lang: 'fr',
    });
    await signInAt({ ...INSTRUCTOR, password: 'pas-le-bon' });
    expect(await page.getByRole('alert').textContent()).toBe('Adresse électronique ou mot de passe incorrect.');
    await screenshot(page, '21-service-de-connexion-refus');
    await signInAt(INSTRUCTOR);

    await heading('Boîte de réception').waitFor();
    expect(new URL(page.url()).search).toBe(''); // the code left the address
    expect(await page.locator('#identite-courante').textContent()).toContain(`Service instructeur — ${INSTRUCTOR.username} — Arrageois`);
    await screenshot(page, '22-connecte-instructeur');
    expect(await axeViolations(page)).toEqual([]);
    // The API got the ID token; nothing of it is kept in the browser's storage.
    const toApi = requests.filter((r) => r.url.startsWith(`${platform.api}/taches`));
    expect(toApi.length).toBeGreaterThan(0);
    expect(toApi.every((r) => /^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(r.authorization ?? ''))).toBe(true);
    expect(await storage()).not.toMatch(/eyJ|code_verifier|verifier/);
  });

  it('after a reload (tokens were in memory only) signs in again without a password, while the sign-in session lasts', async () => {
    await page.reload();
    await ready();
    await heading('Connexion').waitFor();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await heading('Boîte de réception').waitFor();
    expect(page.url()).toBe(`${platform.api}/console/#/taches`);
  });

  it('signs out: the tokens and the sign-in session end; the porteur then signs in and sees its structure', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await heading('Connexion').waitFor();
    expect(await page.locator('#identite-courante').textContent()).toBe('Non connecté');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel('Mot de passe').waitFor(); // no session left: the password is asked again
    await signInAt(PORTEUR);
    await heading('Mes dossiers').waitFor();
    expect(await page.locator('#identite-courante').textContent()).toContain(`Porteur de projet — ${PORTEUR.username} — SIRET ${SIRET}`);
    await screenshot(page, '23-connecte-porteur');
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a person without an account asks for one (public form), the instructor opens it, the invitation arrives, the new porteur signs in', async () => {
    const newcomer = 'direction@jardins-ternois.fr';
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await heading('Connexion').waitFor();
    await page.getByRole('link', { name: 'Demander l’ouverture d’un compte' }).click();
    await heading('Demande d’ouverture de compte').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Demander l’ouverture d’un compte' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Nom de la structure/).fill('Association Les Jardins du Ternois');
    await dialog.getByLabel(/SIRET de la structure/).fill('44306184100048');
    await dialog.getByLabel(/Vos prénom et nom/).fill('Dominique Leroy');
    await dialog.getByLabel(/Votre adresse électronique/).fill(newcomer);
    await dialog.getByRole('button', { name: 'Envoyer la demande' }).click();
    // The API's refusal, next to the field it names.
    const siret = dialog.getByLabel(/SIRET de la structure/);
    await expect.poll(() => siret.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.message-champ:not([hidden])').textContent()).toContain('SIRET de 14 chiffres valide');
    await screenshot(page, '24-demande-de-compte-refus-siret');
    expect(await axeViolations(page)).toEqual([]);
    await siret.fill('44306184100047');
    await dialog.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect
      .poll(() => page.locator('#resultat-demande').textContent())
      .toContain('Votre demande d’ouverture de compte est enregistrée');
    await screenshot(page, '25-demande-de-compte-enregistree');

    // The instructor opens it.
    await page.goto(`${platform.api}/console/#/connexion`);
    await heading('Connexion').waitFor();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await signInAt(INSTRUCTOR);
    await heading('Boîte de réception').waitFor();
    await page.getByRole('link', { name: 'Demandes de compte' }).click();
    await heading('Demandes d’ouverture de compte').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Association Les Jardins du Ternois' });
    expect(await row.textContent()).toContain('44306184100047');
    await screenshot(page, '26-demandes-de-compte');
    expect(await axeViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Ouvrir le compte de Association Les Jardins du Ternois' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ouvrir le compte' }).click();
    await expect
      .poll(() => page.locator('#message').textContent())
      .toContain(`Compte ouvert pour Association Les Jardins du Ternois : identifiant ${newcomer}`);
    expect(await page.locator('#aucune-demande').textContent()).toBe('Aucune demande en attente.');

    // The invitation (through the platform's SES), then the new porteur signs in with it.
    const invitation = await (async () => {
      for (let i = 0; i < 100; i++) {
        await platform.tick();
        const store = (await (await fetch(`${platform.ses}/store`)).json()) as {
          emails: { destination: { to: string[] }; body: { text: string } }[];
        };
        const found = store.emails.find((e) => e.destination.to.includes(newcomer));
        if (found) return found.body.text;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no invitation');
    })();
    const password = /Mot de passe provisoire : (\S+)/.exec(invitation)![1]!;
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await heading('Connexion').waitFor();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await signInAt({ username: newcomer, password });
    await heading('Mes dossiers').waitFor();
    expect(await page.locator('#identite-courante').textContent()).toContain(`Porteur de projet — ${newcomer} — SIRET 44306184100047`);
    await screenshot(page, '27-nouveau-porteur-connecte');
    expect(pageErrors).toEqual([]);
  });
});

/**
 * The web console (console/) in a real headless Chromium, on the local platform started in this
 * process (ports 0, memory only), with data seeded through the HTTP API:
 * an instructor chooses its identity, opens its inbox, opens the dossier, cancels one decision and
 * confirms another (with its required details), and the porteur's email lands in the SES store;
 * the campaign page; the porteur's page (what it owes, complements, annual documents, bilan); the
 * local clock and the SES viewer link; keyboard access; axe-core's WCAG 2.1 AA rules on each page.
 * Screenshots of every page: test-artifacts/console/*.png.
 */
import { request as httpRequest } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { ensureChromium, launchChromium, screenshot } from '#test/support/browser.ts';
import {
  apiOf,
  chooseIdentity as chooseIdentityIn,
  eventually,
  expectAccessible,
  taskOf as taskOfDossier,
} from '#test/support/console-session.ts';

const lookup = ensureChromium();
if (lookup.executablePath) console.log(`console e2e: Chromium ${lookup.how}`);
else console.warn(`console e2e SKIPPED — no Chromium could be had: ${'reason' in lookup ? lookup.reason : ''}`);

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

const describeWithChromium = lookup.executablePath ? describe : describe.skip;

describeWithChromium('the web console in headless Chromium', { timeout: 240_000 }, () => {
  let platform: Platform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  /** Console errors: a script error, a refused request, or anything the Content-Security-Policy blocked. */
  const consoleErrors: string[] = [];

  const body = validSubmissionFixture();
  const territory = body.territories[0]!;
  const porteurId = 'e2e-console';
  const porteur = `porteur:${porteurId}`;
  const to = body.porteur.contactEmail;
  let dossier = { id: '', reference: '' };

  const call = apiOf(() => platform.api);
  const taskOf = (identity: string, dossierId: string, step: string) => taskOfDossier(call, identity, dossierId, step);
  const emails = async (): Promise<StoredEmail[]> =>
    ((await (await fetch(`${platform.ses}/store`)).json()) as { emails: StoredEmail[] }).emails.filter((e) =>
      e.destination.to.includes(to),
    );
  const ready = () => page.waitForSelector('html[data-pret="oui"]');
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const status = () => page.locator('#message');
  const accessible = (what: string) => expectAccessible(page, what);
  /** Another dossier of the porteur, filed, declared complete and validated through the API: its CP task waits. */
  const validatedDossier = async (dispositifCode: string, title: string, key: string) => {
    const submission = validSubmissionFixture({ dispositifCode });
    submission.project.title = title;
    const created = await call('POST', '/dossiers', porteur, submission, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const territoryCode = submission.territories[0]!;
    const instructeur = `service-instructeur:instructeur-e2e:${territoryCode}`;
    const chef = `chef-slai-slisl:chef-e2e:${territoryCode}`;
    expect(
      (await call('POST', `/taches/${await taskOf(instructeur, id, 'completeness-check')}/decision`, instructeur, { decision: 'complete' }))
        .status,
    ).toBe(200);
    expect(
      (await call('POST', `/taches/${await taskOf(chef, id, 'chief-validation')}/decision`, chef, { decision: 'approve' })).status,
    ).toBe(200);
    await taskOf('secretariat-cp:cp-e2e', id, 'cp-decision');
    return { id, reference: created.body.reference as string, territoryCode, instructeur };
  };
  const chooseIdentity = (roleLabel: string, id: string, territoryCode?: string) => chooseIdentityIn(page, roleLabel, id, territoryCode);

  beforeAll(async () => {
    platform = await startPlatform({ startAt: new Date('2026-03-02T08:00:00Z'), tickMs: 100 });
    browser = await launchChromium(lookup.executablePath!);
    context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    const res = await call('POST', '/dossiers', porteur, body, { 'idempotency-key': 'e2e-console-0001' });
    expect(res.status).toBe(201);
    dossier = { id: res.body.id, reference: res.body.reference };
    await taskOf(`service-instructeur:instructeur-e2e:${territory}`, dossier.id, 'completeness-check');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('is served at /console/ (/ redirects there) with a Content-Security-Policy, and never outside its folder', async () => {
    const root = await fetch(`${platform.api}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const index = await fetch(`${platform.api}/console/`);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('<html lang="fr">');
    const { port } = new URL(platform.api);
    const traversal = await new Promise<number>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: '/console/../../package.json' }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(traversal).toBe(404);
    const info = (await call('GET', '/_local/info')).body;
    expect(info.visionneuseCourriels).toBe(platform.ses);
  });

  it('reads its labels and forms from GET /referentiel, and the campaign from GET /campagne (instructors, their territory)', async () => {
    const ref = (await call('GET', '/referentiel', porteur)).body;
    expect(ref.dispositifs).toHaveLength(50);
    const favourable = ref.etapes['cp-decision'].decisions.find((d: { code: string }) => d.code === 'favourable');
    expect(favourable.details.required).toEqual(expect.arrayContaining(['amountCents', 'cpDate', 'deliberationNumber']));
    expect(ref.etapes['chief-validation'].decisions.find((d: { code: string }) => d.code === 'reject').details.required).toEqual([
      'reason',
    ]);
    expect((await call('GET', '/campagne', porteur)).status).toBe(403);
    const mine = (await call('GET', '/campagne', `service-instructeur:instructeur-e2e:${territory}`)).body;
    expect(mine.dossiers.total).toBe(1);
    expect(mine.enveloppes).toHaveLength(50);
    const other = (await call('GET', '/campagne', 'service-instructeur:ailleurs:ternois')).body;
    expect(other.dossiers.total).toBe(0);
  });

  it('an instructor opens the inbox, opens the dossier, decides with confirmation; the porteur’s email arrives', async () => {
    await page.goto(`${platform.api}/`);
    await ready();
    await chooseIdentity('Service instructeur', 'instructeur-e2e', territory);

    // The inbox: the task, oldest due first, with its dossier.
    await heading('Boîte de réception').waitFor();
    await expect.poll(() => status().textContent()).toContain('Vous agissez maintenant comme Service instructeur (instructeur-e2e)');
    const row = page.getByRole('row').filter({ hasText: dossier.reference });
    await row.waitFor();
    expect(await row.textContent()).toContain('Vérifier la complétude du dossier');
    expect(await page.locator('#resultat-filtres').textContent()).toBe('1 tâche affichée sur 1.');
    await page.getByLabel('En retard seulement').check();
    expect(await page.locator('#resultat-filtres').textContent()).toBe('0 tâche affichée sur 1.');
    await page.getByLabel('En retard seulement').uncheck();
    await screenshot(page, '01-boite-de-reception');
    await accessible('inbox');

    // The dossier, from the task link (keyboard: the link takes Enter).
    await row.getByRole('link', { name: 'Vérifier la complétude du dossier' }).focus();
    await page.keyboard.press('Enter');
    await heading(`Dossier ${dossier.reference}`).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.tagName)).toBe('H1');
    const main = page.getByRole('main');
    for (const text of ['Association Solidarité Exemple 62', 'Frais de fonctionnement', 'Courriel : « Dossier', 'accusé de réception'])
      expect(await main.textContent()).toContain(text);
    expect(await main.textContent()).toMatch(/Montant demandé45\s000,00\s€/);
    await screenshot(page, '02-dossier');
    await accessible('dossier');

    // Cancelling a decision records nothing; focus goes back to its button.
    const complete = page.getByRole('button', { name: 'Déclarer le dossier complet' });
    await complete.click();
    const cancelDialog = page.getByRole('dialog', { name: 'Confirmer : Déclarer le dossier complet' });
    await cancelDialog.waitFor();
    await page.keyboard.press('Escape');
    await cancelDialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe('Déclarer le dossier complet');
    expect((await call('GET', `/dossiers/${dossier.id}`, porteur)).body.taches[0].statut).toBe('open');

    // Asking for complements: the list is required, then confirmed.
    await page.getByRole('button', { name: 'Demander des compléments au porteur (avec une date limite)' }).click();
    const dialog = page.getByRole('dialog', { name: /Confirmer : Demander des compléments/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Confirmer la décision' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('ce champ est obligatoire');
    const list = dialog.getByLabel(/Pièces ou informations demandées/);
    expect(await list.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.tagName)).toBe('TEXTAREA');
    expect((await call('GET', `/dossiers/${dossier.id}`, porteur)).body.taches[0].statut).toBe('open');
    await list.fill('Attestation CAF des participants\nBudget prévisionnel signé');
    await dialog.getByLabel(/Commentaire/).fill('Pièces vérifiées le jour du dépôt.');
    await screenshot(page, '03-confirmation-decision');
    await accessible('decision dialog');
    await dialog.getByRole('button', { name: 'Confirmer la décision' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => status().textContent())
      .toContain(
        `Décision enregistrée : « Demander des compléments au porteur (avec une date limite) » sur le dossier ${dossier.reference}.`,
      );

    // The porteur's email, in the SES store.
    const email = await eventually(
      async () => (await emails()).find((e) => e.subject.includes('compléments à transmettre')),
      'complements email',
    );
    expect(email.subject).toContain(dossier.reference);
    expect(email.body.text).toContain('Attestation CAF des participants');
    expect(email.body.text).toContain('Budget prévisionnel signé');

    // The dossier's timeline: the decision with its author, the email with its content.
    await eventually(
      async () =>
        (await call('GET', `/dossiers/${dossier.id}`, porteur)).body.courriels.some(
          (c: { objet: string; statut: string }) => c.objet.includes('compléments à transmettre') && c.statut === 'sent',
        )
          ? true
          : undefined,
      'email sent',
    );
    await page.reload();
    await heading(`Dossier ${dossier.reference}`).waitFor();
    const decision = page.getByRole('listitem').filter({ hasText: 'Décision : Demander des compléments au porteur' });
    expect(await decision.textContent()).toContain('par Service instructeur (instructeur-e2e)');
    expect(await decision.textContent()).toContain('Commentaire : Pièces vérifiées le jour du dépôt.');
    const mail = page.getByRole('listitem').filter({ hasText: 'compléments à transmettre au plus tard' }).first();
    await mail.getByText('Lire le courriel').click();
    expect(await mail.locator('pre').textContent()).toContain('Attestation CAF des participants');
    expect(await page.getByRole('table', { name: 'Échéances du dossier' }).textContent()).toContain(
      'Transmission des compléments demandés',
    );
    await screenshot(page, '04-dossier-apres-decision');
  });

  it('the campaign page: dossiers by state and axe, envelopes committed versus available, deadlines of the coming 30 days', async () => {
    await page.getByRole('link', { name: 'Campagne', exact: true }).click();
    await heading('Campagne 2026').waitFor();
    const byState = page.getByRole('table', { name: /Dossiers par état et par axe/ });
    expect(await byState.getByRole('row', { name: /En attente de compléments/ }).textContent()).toMatch(
      /En attente de compléments1\D*0\D*0\D*0\D*0\D*1/,
    );
    const envelopes = page.getByRole('table', { name: /Enveloppe engagée et disponible/ });
    expect(await envelopes.getByRole('row').count()).toBe(2);
    expect(await envelopes.textContent()).toMatch(/500\s000,00\s€/);
    await page.getByLabel('Afficher les 50 dispositifs').check();
    expect(await envelopes.getByRole('row').count()).toBe(51);
    await page.getByLabel('Afficher les 50 dispositifs').uncheck();
    const deadlines = page.getByRole('table', { name: /Échéances du/ });
    expect(await deadlines.textContent()).toContain('Transmission des compléments demandés');
    expect(await deadlines.textContent()).toContain(dossier.reference);
    await screenshot(page, '05-campagne');
    await accessible('campaign');
  });

  it('the porteur sees what it owes and by when, and declares its complements sent', async () => {
    await chooseIdentity('Porteur de projet', porteurId);
    await heading('Mes dossiers').waitFor();
    const owed = page.getByRole('region', { name: 'Ce que je dois' });
    await owed.getByText('Transmettre les compléments demandés').waitFor();
    expect(await owed.textContent()).toMatch(/Dans \d+ jours/);
    expect(await page.getByRole('table', { name: /Mes dossiers/ }).textContent()).toContain('En attente de compléments');
    await screenshot(page, '06-porteur');
    await accessible('porteur');
    await owed.getByRole('button', { name: 'Déclarer les compléments transmis' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmer : compléments transmis' });
    await dialog.getByRole('button', { name: 'Confirmer la transmission' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => status().textContent()).toContain(`Compléments déclarés transmis pour le dossier ${dossier.reference}.`);
    await eventually(
      async () => ((await call('GET', `/dossiers/${dossier.id}`, porteur)).body.statut === 'completeness-check' ? true : undefined),
      'back to completeness check',
    );
  });

  it('local only: the clock moves by a button; the SES viewer is linked', async () => {
    await page.getByRole('link', { name: 'Plateforme locale', exact: true }).click();
    await heading('Plateforme locale').waitFor();
    expect(await page.getByRole('link', { name: /Ouvrir la visionneuse des courriels/ }).getAttribute('href')).toBe(platform.ses);
    expect(await page.locator('#date-plateforme').textContent()).toContain('lundi 2 mars 2026');
    await page.getByLabel('Avancer de (jours)').fill('1');
    await page.getByRole('button', { name: 'Avancer l’horloge' }).click();
    await expect.poll(() => status().textContent()).toContain('Horloge avancée : la plateforme est au mardi 3 mars 2026.');
    expect(await page.locator('#date-plateforme').textContent()).toContain('mardi 3 mars 2026');
    expect(await page.locator('#horloge-locale').textContent()).toContain('3 mars 2026');
    expect((await call('GET', '/_local/horloge')).body.jour).toBe('2026-03-03');
    await screenshot(page, '07-plateforme-locale');
    await accessible('local platform');
  });

  it('during the operation: the instructor schedules a comité and records its minutes, the porteur asks for an avenant', async () => {
    // A third dossier of the porteur, brought through the API to its execution on the current day.
    const {
      id,
      reference,
      territoryCode: t3,
      instructeur,
    } = await validatedDossier('3.1', 'Atelier de remobilisation — troisième opération', 'e2e-console-0003');
    const today = (await call('GET', '/_local/horloge')).body.jour as string;
    const cp = { decision: 'favourable', details: { amountCents: 3_000_000, cpDate: today, deliberationNumber: 'CP-E2E-SUIVI' } };
    expect(
      (await call('POST', `/taches/${await taskOf('secretariat-cp:cp-e2e', id, 'cp-decision')}/decision`, 'secretariat-cp:cp-e2e', cp))
        .status,
    ).toBe(200);
    expect(
      (
        await call('POST', `/taches/${await taskOf(instructeur, id, 'convention-signature')}/decision`, instructeur, {
          decision: 'signed',
          details: { signedOn: today },
        })
      ).status,
    ).toBe(200);
    await eventually(
      async () => ((await call('GET', `/dossiers/${id}`, porteur)).body.statut === 'in-execution' ? true : undefined),
      'in execution',
    );

    await chooseIdentity('Service instructeur', 'instructeur-e2e', t3);
    await page.goto(`${platform.api}/console/#/dossiers/${id}`);
    await heading(`Dossier ${reference}`).waitFor();
    const during = page.getByRole('region', { name: 'Actions sur le dossier' });
    await during.getByText('Aucun comité programmé.').waitFor();
    await during.getByRole('button', { name: 'Programmer un comité de suivi' }).click();
    const comiteDialog = page.getByRole('dialog', { name: 'Confirmer : programmer un comité de suivi' });
    // A past date is refused by the API, the refusal shown next to the field.
    await comiteDialog.getByLabel(/Date du comité/).fill('2026-01-05');
    await comiteDialog.getByRole('button', { name: 'Programmer le comité' }).click();
    await comiteDialog.getByText('date à venir attendue').first().waitFor();
    await comiteDialog.getByLabel(/Date du comité/).fill('2026-06-15');
    await comiteDialog.getByRole('button', { name: 'Programmer le comité' }).click();
    await comiteDialog.waitFor({ state: 'detached' });
    await expect.poll(() => status().textContent()).toContain(`Comité de suivi du 15 juin 2026 programmé pour le dossier ${reference}.`);
    await eventually(
      async () => (await emails()).find((e) => e.subject.includes(reference) && e.subject.includes('comité du 15 juin 2026')),
      'the J-8 notice to the porteur',
    );
    // The workflow records the comité (202: queued); the page shows it once read again.
    await page.reload();
    await ready();
    await heading(`Dossier ${reference}`).waitFor();
    await during.getByText('participants à transmettre à la MDS au plus tard le 5 juin 2026').waitFor();

    await during.getByRole('button', { name: 'Enregistrer le compte rendu du comité du 15 juin 2026' }).click();
    const minutesDialog = page.getByRole('dialog', { name: 'Confirmer : compte rendu du comité du 15 juin 2026' });
    await minutesDialog.getByLabel(/Compte rendu/).fill('Comité tenu : 14 entrées, 2 sorties en formation.');
    await minutesDialog.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await minutesDialog.waitFor({ state: 'detached' });
    await eventually(
      async () =>
        (await call('GET', `/dossiers/${id}`, porteur)).body.suivi.comites.some((c: { heldOn?: string }) => c.heldOn === '2026-06-15')
          ? true
          : undefined,
      'minutes recorded',
    );
    await screenshot(page, '08-pendant-l-operation');
    await accessible('dossier during the operation (instructor)');

    await chooseIdentity('Porteur de projet', porteurId);
    await page.goto(`${platform.api}/console/#/dossiers/${id}`);
    await heading(`Dossier ${reference}`).waitFor();
    await page.getByRole('region', { name: 'Actions sur le dossier' }).getByRole('button', { name: 'Demander un avenant' }).click();
    const avenantDialog = page.getByRole('dialog', { name: 'Confirmer : demande d’avenant' });
    await avenantDialog.getByLabel(/Objet de l’avenant/).fill('Prolonger l’opération de trois mois');
    await avenantDialog.getByLabel(/Nouvelle date de fin/).fill('2027-06-30');
    // Changing the period without a hazard: refused by the call's rule, named on its field.
    await avenantDialog.getByRole('button', { name: 'Envoyer la demande' }).click();
    await avenantDialog
      .getByText(/aléa majeur et exceptionnel : décrivez-le/)
      .first()
      .waitFor();
    await avenantDialog
      .getByLabel(/Aléa majeur et exceptionnel/)
      .fill('Incendie des locaux d’accueil en mars : activité suspendue six semaines.');
    await avenantDialog.getByRole('button', { name: 'Envoyer la demande' }).click();
    await avenantDialog.waitFor({ state: 'detached' });
    await expect.poll(() => status().textContent()).toContain(`Demande d’avenant envoyée pour le dossier ${reference}.`);
    await taskOf(instructeur, id, 'avenant-review');
    await accessible('dossier during the operation (porteur)');
    // The two refusals provoked above are the browser's only complaints (it logs every 4xx response).
    const refused = consoleErrors.filter((e) => /status of 422/.test(e));
    expect(refused).toHaveLength(2);
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !refused.includes(e)));
  });

  it('the porteur files its annual documents and its bilan from its page', async () => {
    // A second dossier of the same porteur, brought through the API to its bilan.
    const { id, reference, instructeur } = await validatedDossier(
      '1.2',
      'Parcours de remobilisation — deuxième opération',
      'e2e-console-0002',
    );
    expect(
      (
        await call('POST', '/commission-permanente/seances', 'secretariat-cp:cp-e2e', {
          date: '2026-04-10',
          numeroDeliberation: 'CP-E2E-CONSOLE',
          decisions: [{ dossierId: id, avis: 'favourable', montantCents: 4_500_000 }],
        })
      ).status,
    ).toBe(200);
    await call('POST', '/_local/horloge', undefined, { date: '2026-04-20' });
    expect(
      (
        await call('POST', `/taches/${await taskOf(instructeur, id, 'convention-signature')}/decision`, instructeur, {
          decision: 'signed',
          details: { signedOn: '2026-04-20' },
        })
      ).status,
    ).toBe(200);
    await eventually(
      async () => ((await call('GET', `/dossiers/${id}`, porteur)).body.statut === 'in-execution' ? true : undefined),
      'in execution',
    );
    expect((await call('POST', '/_local/horloge', undefined, { date: '2027-04-02' })).status).toBe(200);
    await eventually(
      async () =>
        (await call('GET', `/dossiers/${id}`, porteur)).body.taches.some(
          (t: { etape: string; statut: string }) => t.etape === 'bilan' && t.statut === 'open',
        )
          ? true
          : undefined,
      'bilan task',
    );

    await page.getByRole('link', { name: 'Mes dossiers', exact: true }).click();
    await heading('Mes dossiers').waitFor();
    const owed = page.getByRole('region', { name: 'Ce que je dois' });
    await owed.getByText('Déposer le bilan final qualitatif et quantitatif').waitFor();
    const annualItem = owed.getByRole('listitem').filter({ hasText: 'exercice 2026' }).filter({ hasText: reference });
    await screenshot(page, '09-porteur-bilan-et-documents');
    await accessible('porteur with bilan');

    await annualItem.getByRole('button', { name: 'Déclarer les documents annuels 2026 transmis' }).click();
    const annualDialog = page.getByRole('dialog', { name: 'Confirmer : documents annuels de l’exercice 2026' });
    expect(await annualDialog.getByLabel(/Exercice/).inputValue()).toBe('2026');
    await annualDialog.getByRole('button', { name: 'Confirmer la transmission' }).click();
    await annualDialog.waitFor({ state: 'detached' });
    await expect.poll(() => status().textContent()).toContain('Documents annuels 2026 déclarés transmis');

    await page.getByRole('region', { name: 'Ce que je dois' }).getByRole('button', { name: 'Déposer le bilan final' }).click();
    const bilanDialog = page.getByRole('dialog', { name: 'Confirmer : dépôt du bilan final' });
    await bilanDialog.getByLabel(/Bilan qualitatif/).fill('32 participants accompagnés, 12 sorties en emploi durable.');
    await bilanDialog.getByLabel(/Participants accompagnés : réalisé/).fill('32');
    await bilanDialog.getByLabel(/Sorties : Emploi durable/).fill('12');
    await bilanDialog
      .getByLabel(/Dépenses acquittées/)
      .fill('Salaires ; 40 000 ; 2026-12-31\nFrais de fonctionnement ; 5 000 ; 2026-12-31');
    await bilanDialog.getByRole('button', { name: 'Déposer le bilan' }).click();
    await bilanDialog.waitFor({ state: 'detached' });
    await expect.poll(() => status().textContent()).toContain(`Bilan final déposé pour le dossier ${reference}.`);
    const after = await eventually(async () => {
      const d = (await call('GET', `/dossiers/${id}`, porteur)).body;
      return d.statut === 'bilan-review' ? d : undefined;
    }, 'bilan under review');
    expect(JSON.stringify(after.suivi.documentsAnnuels)).toContain('2026');
    expect(after.historique.some((e: { type: string; par: string }) => e.type === 'task-decided' && e.par === porteur)).toBe(true);
  });

  it('is usable with the keyboard: the skip link comes first and leads to the content; focus is visible', async () => {
    await page.goto('about:blank');
    await page.goto(`${platform.api}/console/#/mes-dossiers`);
    await ready();
    await heading('Mes dossiers').waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = (globalThis as any).document.activeElement;
      const style = (globalThis as any).getComputedStyle(el);
      return { text: el?.textContent, top: el.getBoundingClientRect().top, outline: style.outlineStyle };
    });
    expect(focused.text).toBe('Aller au contenu');
    expect(focused.top).toBeGreaterThanOrEqual(0);
    expect(focused.outline).toBe('solid');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('contenu');
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

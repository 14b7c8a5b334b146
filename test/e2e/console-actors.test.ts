/**
 * Each actor's path in the web console, end to end in headless Chromium, on the local platform
 * started in this process (memory only, 2 March 2026): the porteur files a dossier from the form
 * (a refusal shown next to its field, the draft kept), the instructing service and the chief
 * decide from an inbox read in one request, the CP secretariat prepares a session (an envelope
 * exceeded said at once, the API's refusal next to it), records it in one go, exports the list
 * (CSV) and prints it; during the operation the porteur sends its participants to the MDS; the
 * porteur files its bilan, the service accepts it, the dossier is closed — and the dossier page
 * draws each phase's state machine with the path taken. axe-core on every page; screenshots in
 * test-artifacts/console/ (40-*.png to 50-*.png).
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { ensureChromium, screenshot } from '#test/support/browser.ts';
import { apiOf, chooseIdentity, eventually, expectAccessible, openConsole, taskOf } from '#test/support/console-session.ts';

const lookup = ensureChromium();
const describeWithChromium = lookup.executablePath ? describe : describe.skip;
if (!lookup.executablePath) console.warn(`console actors e2e SKIPPED — no Chromium: ${'reason' in lookup ? lookup.reason : ''}`);

describeWithChromium('each actor’s path in the console', { timeout: 300_000 }, () => {
  let platform: Platform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const call = apiOf(() => platform.api);

  const porteurId = 'asso-solidarite-62';
  const submission = validSubmissionFixture({ dispositifCode: '1.1' });
  const territory = submission.territories[0]!;
  const instructeur = `service-instructeur:instructeur-parcours:${territory}`;
  let dossier = { id: '', reference: '' };

  const ready = () => page.waitForSelector('html[data-pret="oui"]');
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const said = () => page.locator('#message');
  const euros = (cents: number) => String(cents / 100);
  /** Text as read, French number spaces (narrow no-break) as plain ones. */
  const text = async (locator: { textContent: () => Promise<string | null> }) =>
    (await locator.textContent())?.replace(/[\u202f\u00a0]/g, ' ') ?? '';
  const dossierPage = async () => {
    const url = `${platform.api}/console/#/dossiers/${dossier.id}`;
    // The same address again changes no hash: reload to read the dossier anew.
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await ready();
    await heading(`Dossier ${dossier.reference}`).waitFor();
    await page.locator('svg.graphe-etats').waitFor();
  };
  const statusIs = (statut: string) =>
    eventually(async () => ((await call('GET', `/dossiers/${dossier.id}`, instructeur)).body.statut === statut ? true : undefined), statut);

  beforeAll(async () => {
    platform = await startPlatform({ startAt: new Date('2026-03-02T08:00:00Z'), tickMs: 100 });
    ({ browser, page } = await openConsole(lookup.executablePath!, platform.api, (message) => pageErrors.push(message)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('the porteur files a dossier from the form: the budget balanced live, a refusal next to its field, the draft kept', async () => {
    const ref = (await call('GET', '/referentiel')).body;
    await chooseIdentity(page, 'Porteur de projet', porteurId);
    await heading('Mes dossiers').waitFor();
    await page.getByRole('link', { name: 'Déposer un nouveau dossier' }).click();
    await heading('Déposer un dossier').waitFor();

    // The dispositif: open today, with its closing date, publics, perimeter and co-funding.
    await page.getByLabel('Dispositif', { exact: true }).selectOption(submission.dispositifCode);
    const card = page.getByRole('region', { name: '1. Le dispositif' });
    expect(await card.textContent()).toMatch(/Dépôt ouvert\s*du \d+ \S+ 2026 au \d+ \S+ 2026 inclus/);
    expect(await card.textContent()).toContain('Cofinancement exigé');
    const others = page.getByText(/Les autres dispositifs/);
    await others.click();
    expect(await page.locator('details').first().textContent()).toContain('déposés par un autre canal');

    const structure = page.getByRole('region', { name: '2. La structure porteuse' });
    const p = submission.porteur;
    await structure.getByLabel('Nom de la structure').fill(p.name);
    await structure.getByLabel('Numéro SIRET').fill(p.siret);
    await structure.getByLabel('Forme juridique').selectOption(p.legalForm);
    await structure.getByLabel('Adresse électronique de contact').fill(p.contactEmail);
    const site = structure.getByRole('group', { name: 'Site 1' });
    await site.getByLabel('Type de site').selectOption(p.sites[0]!.kind);
    await site.getByLabel('Adresse').fill(p.sites[0]!.address);
    await site.getByLabel('Code postal').fill(p.sites[0]!.postalCode);
    await site.getByLabel('Commune').fill(p.sites[0]!.city);
    await structure.getByLabel(/Jour de clôture de l’exercice/).fill(p.fiscalYearEnd);

    const operation = page.getByRole('region', { name: '3. L’opération' });
    await operation.getByLabel('Intitulé de l’opération').fill('Remobilisation sociale intensive — parcours console');
    await operation.getByLabel('Présentation de l’opération').fill(submission.project.summary);
    await operation
      .getByRole('group', { name: 'Territoires de l’opération' })
      .getByLabel(ref.territoires.find((t: { code: string }) => t.code === territory).nom)
      .check();
    const publicName = ref.publics.find((x: { code: string }) => x.code === submission.publics[0]).nom;
    await operation.getByRole('group', { name: 'Publics visés' }).getByLabel(publicName).check();
    await operation.getByLabel('Date de début').fill(submission.operation.startDate);
    await operation.getByLabel('Date de fin').fill(submission.operation.endDate);
    await operation.getByLabel('Nombre de participants prévus').fill(String(submission.participantsPlanned));

    const budget = page.getByRole('region', { name: '4. Budget prévisionnel' });
    for (const [i, line] of submission.budget.expenses.entries()) {
      if (i > 0) await budget.getByRole('button', { name: 'Ajouter : dépense' }).click();
      const row = budget.getByRole('group', { name: `Dépense ${i + 1}` });
      await row.getByLabel('Poste de dépense').fill(line.label);
      await row.getByLabel('Montant (en euros)').fill(euros(line.amountCents));
    }
    // The resources 1,000 € short: the totals say so as they are typed.
    for (const [i, line] of submission.budget.resources.entries()) {
      if (i > 0) await budget.getByRole('button', { name: 'Ajouter : ressource' }).click();
      const row = budget.getByRole('group', { name: `Ressource ${i + 1}` });
      await row.getByLabel('Libellé').fill(line.label);
      await row.getByLabel('Montant (en euros)').fill(euros(line.amountCents - (i === 2 ? 100_000 : 0)));
      await row.getByLabel('Source').selectOption(line.source);
    }
    await expect.poll(() => text(page.locator('#totaux-budget'))).toContain('les dépenses dépassent les ressources de 1 000,00 €');
    expect(await text(page.locator('#totaux-budget'))).toContain('Participation demandée au Département : 45 000,00 €');

    const undertakings = page.getByRole('region', { name: '5. Engagements' });
    for (const box of await undertakings.getByRole('checkbox').all()) if (await box.isVisible()) await box.check();
    // The worksite's undertaking shows only for a worksite.
    expect(await undertakings.getByText(/pour un chantier d'insertion/).isVisible()).toBe(false);

    // The draft survives a reload.
    await expect.poll(() => page.locator('#etat-brouillon').textContent()).toContain('Brouillon enregistré sur cet appareil');
    await page.reload();
    await ready();
    await heading('Déposer un dossier').waitFor();
    expect(await page.getByLabel('Nom de la structure').inputValue()).toBe(p.name);
    expect(await page.locator('#etat-brouillon').textContent()).toContain('Brouillon repris');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => /token|jeton/i.test(k)))).toEqual([]);
    await screenshot(page, '40-depot-formulaire');
    await expectAccessible(page, 'filing form');

    // The API refuses the unbalanced budget: its message stands next to the budget, and in the summary.
    await page.getByRole('button', { name: 'Déposer le dossier' }).click();
    const summary = page.locator('.resume-erreurs');
    await expect.poll(() => summary.textContent()).toContain('Le budget doit être en équilibre');
    const budgetGroup = page.getByRole('group', { name: 'Budget prévisionnel' });
    expect(await budgetGroup.locator(':scope > p.message-champ').textContent()).toContain('doivent être égales aux ressources');
    await screenshot(page, '41-depot-refus-a-cote-du-champ');
    await expectAccessible(page, 'filing form with a refusal');

    await budget.getByRole('group', { name: 'Ressource 3' }).getByLabel('Montant (en euros)').fill('5 000');
    await expect.poll(() => page.locator('#totaux-budget').textContent()).toContain('Le budget est à l’équilibre.');
    await page.getByRole('button', { name: 'Déposer le dossier' }).click();
    await heading(/^Dossier AAP26-/).waitFor();
    await expect.poll(() => said().textContent()).toContain('déposé : un accusé de réception est envoyé à contact@solidarite-exemple62.fr');
    const mine = (await call('GET', '/dossiers', `porteur:${porteurId}`)).body.dossiers;
    expect(mine).toHaveLength(1);
    dossier = { id: mine[0].id, reference: mine[0].reference };
    expect(await page.evaluate(() => localStorage.getItem('aap.brouillon-dossier.asso-solidarite-62'))).toBeNull();

    // Its graph: the instruction machine, the path so far, the current step.
    await taskOf(call, instructeur, dossier.id, 'completeness-check');
    await dossierPage();
    const journey = page.getByRole('region', { name: 'Parcours du dossier' });
    expect(await journey.getByRole('button', { name: /Instruction du dossier \(en cours\)/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await journey.textContent()).toContain('Étape en cours : Vérifier la complétude du dossier.');
    expect(await journey.locator('ol.parcours-etapes li').allTextContents()).toEqual([
      expect.stringContaining('Début (ou reprise à une étape)'),
      expect.stringContaining('Accusé de réception au porteur'),
      expect.stringContaining('Vérifier la complétude du dossier — 2 mars 2026'),
    ]);
    expect(await journey.locator('g.etat.en-cours').count()).toBe(1);
    // The drawing is wider than its column: the view scrolls to the current step.
    await expect
      .poll(async () => {
        const [view, here] = [
          await journey.locator('.graphe-defilement').boundingBox(),
          await journey.locator('g.etat.en-cours').boundingBox(),
        ];
        return (
          !!view &&
          !!here &&
          here.x >= view.x &&
          here.x + here.width <= view.x + view.width &&
          here.y >= view.y &&
          here.y + here.height <= view.y + view.height
        );
      })
      .toBe(true);
    await screenshot(page, '42-dossier-depose-et-son-parcours');
    await expectAccessible(page, 'dossier with its journey');
  });

  it('the instructing service and the chief decide from an inbox read in one request', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await chooseIdentity(page, 'Service instructeur', 'instructeur-parcours', territory);
    await heading('Boîte de réception').waitFor();
    const row = page.getByRole('row').filter({ hasText: dossier.reference });
    expect(await row.textContent()).toContain(submission.porteur.name);
    expect(requests.filter((r) => r.startsWith('GET /taches'))).toEqual(['GET /taches']);
    page.removeAllListeners('request');
    await screenshot(page, '43-boite-de-reception-en-une-requete');

    await row.getByRole('link', { name: 'Vérifier la complétude du dossier' }).click();
    await page.getByRole('button', { name: 'Déclarer le dossier complet' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmer la décision' }).click();
    await expect.poll(() => said().textContent()).toContain('Décision enregistrée');

    await chooseIdentity(page, 'Chef de SLAI/SLISL', 'chef-parcours', territory);
    await heading('Boîte de réception').waitFor();
    await page.getByRole('row').filter({ hasText: dossier.reference }).getByRole('link').first().click();
    await page.getByRole('button', { name: 'Valider le dossier', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmer la décision' }).click();
    await expect.poll(() => said().textContent()).toContain('Décision enregistrée');
    await taskOf(call, 'secretariat-cp:cp', dossier.id, 'cp-decision');
  });

  it('the CP secretariat prepares the session, sees an envelope exceeded at once, records the session in one go, exports and prints the list', async () => {
    // A second dossier of the same dispositif, asking more than its envelope holds once the first is granted.
    const big = validSubmissionFixture({ dispositifCode: '1.1' });
    big.project.title = 'Grand projet départemental de remobilisation';
    big.budget.expenses = [{ label: 'Frais de personnel', amountCents: 48_000_000 }];
    big.budget.resources = [{ label: 'Participation du Département', amountCents: 48_000_000, source: 'departement' }];
    const filed = await call('POST', '/dossiers', 'porteur:grand-porteur', big, { 'idempotency-key': 'actors-big-0001' });
    expect(filed.status).toBe(201);
    const other = filed.body as { id: string; reference: string };
    const t = big.territories[0]!;
    await call(
      'POST',
      `/taches/${await taskOf(call, `service-instructeur:i:${t}`, other.id, 'completeness-check')}/decision`,
      `service-instructeur:i:${t}`,
      {
        decision: 'complete',
      },
    );
    await call(
      'POST',
      `/taches/${await taskOf(call, `chef-slai-slisl:c:${t}`, other.id, 'chief-validation')}/decision`,
      `chef-slai-slisl:c:${t}`,
      {
        decision: 'approve',
      },
    );
    await taskOf(call, 'secretariat-cp:cp', other.id, 'cp-decision');

    await chooseIdentity(page, 'Secrétariat de la Commission Permanente', 'secretariat-parcours');
    await page.getByRole('link', { name: 'Commission Permanente', exact: true }).click();
    await heading('Commission Permanente').waitFor();
    const table = page.getByRole('table', { name: /Dossiers prêts pour la Commission Permanente \(2\)/ });
    const rowOf = (reference: string) => table.getByRole('row').filter({ hasText: reference });
    expect(await text(rowOf(dossier.reference))).toContain('45 000,00 €');
    await page.getByLabel('Date de la séance').fill('2026-03-02');
    await page.getByLabel('Numéro de délibération').fill('CP-2026-03-02-07');
    await page.getByLabel(`Avis — ${dossier.reference}`).selectOption('favourable');
    await page.getByLabel(`Avis — ${other.reference}`).selectOption('favourable');
    // 45,000 + 480,000 € for an envelope of 500,000 €: said before anything is sent.
    await expect.poll(() => text(page.locator('#enveloppes-seance'))).toContain('Enveloppe dépassée de 25 000,00 €');
    await screenshot(page, '44-commission-permanente-enveloppe-depassee');
    await expectAccessible(page, 'CP session');

    // Sent anyway: the API refuses the whole session and says why; nothing is recorded.
    await page.getByRole('button', { name: 'Enregistrer les décisions de la séance' }).click();
    await expect.poll(() => page.locator('.resume-erreurs').textContent()).toContain('d’avis favorables pour');
    expect((await call('GET', `/dossiers/${dossier.id}`, instructeur)).body.statut).toBe('ready-for-cp');

    // The second dossier adjourned to the next session: recorded in one call.
    await page.getByLabel(`Avis — ${other.reference}`).selectOption('adjourned');
    await page.getByLabel(`Prochaine séance — ${other.reference}`).fill('2026-04-17');
    await expect.poll(() => page.locator('#enveloppes-seance').textContent()).toContain('Aucune enveloppe dépassée');
    await page.getByRole('button', { name: 'Enregistrer les décisions de la séance' }).click();
    await expect
      .poll(() => said().textContent())
      .toContain('Séance du 2 mars 2026 (délibération CP-2026-03-02-07) : 2 décisions enregistrées.');
    await statusIs('convention-drafted');

    // The list as CSV (from the API) and on paper.
    await heading('Commission Permanente').waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter la liste (CSV)' }).click()]);
    expect(csv.suggestedFilename()).toBe('commission-permanente.csv');
    const exported = await readFile((await csv.path())!, 'utf8');
    expect(exported).toContain('"reference";"dispositif"');
    expect(exported).toContain(other.reference);
    await page.getByRole('link', { name: 'Version imprimable' }).click();
    await heading('Commission Permanente — dossiers proposés').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').evaluate((nav) => (globalThis as any).getComputedStyle(nav).display)).toBe('none');
    expect(await page.getByRole('table', { name: 'Dossiers du dispositif 1.1' }).textContent()).toContain(other.reference);
    await screenshot(page, '45-commission-permanente-impression');
    await page.emulateMedia({ media: 'screen' });
    await expectAccessible(page, 'CP printable list');
  });

  it('during the operation: the comité scheduled, the porteur sends its participants to the MDS (a refusal next to its field)', async () => {
    const signature = await taskOf(call, instructeur, dossier.id, 'convention-signature');
    await chooseIdentity(page, 'Service instructeur', 'instructeur-parcours', territory);
    await page.goto(`${platform.api}/console/#/taches/${signature}`);
    await page.getByRole('button', { name: 'Enregistrer la convention signée' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Date de signature/).fill('2026-03-02');
    await dialog.getByRole('button', { name: 'Confirmer la décision' }).click();
    await statusIs('in-execution');

    await dossierPage();
    await page.getByRole('button', { name: 'Programmer un comité de suivi' }).click();
    await page
      .getByRole('dialog')
      .getByLabel(/Date du comité/)
      .fill('2026-06-15');
    await page.getByRole('dialog').getByRole('button', { name: 'Programmer le comité' }).click();
    await eventually(
      async () => ((await call('GET', `/dossiers/${dossier.id}`, instructeur)).body.suivi.comites.length ? true : undefined),
      'comité recorded',
    );

    await chooseIdentity(page, 'Porteur de projet', porteurId);
    await dossierPage();
    await page.getByRole('link', { name: 'Transmettre les entrées et sorties' }).click();
    await heading('Entrées et sorties de participants').waitFor();
    expect(await page.getByLabel('Comité de suivi').inputValue()).toBe('2026-06-15');
    const entry = page.getByRole('group', { name: 'Entrée 1' });
    await entry.getByLabel('Prénom').fill('Camille');
    await entry.getByLabel('Nom', { exact: true }).fill('Martin');
    const exit = page.getByRole('group', { name: 'Sortie 1' });
    await exit.getByLabel('Prénom').fill('Louis');
    await exit.getByLabel('Nom', { exact: true }).fill('Durand');
    await exit.getByLabel('Date de sortie').fill('2026-05-29');
    await exit.getByLabel('Nature de la sortie').selectOption('emploi-durable');
    // The entry's date forgotten: refused by the API, named on its field.
    await page.getByRole('button', { name: 'Transmettre à la MDS' }).click();
    await expect.poll(() => entry.getByLabel('Date d’entrée').getAttribute('aria-invalid')).toBe('true');
    expect(await entry.textContent()).toContain('champ obligatoire');
    await screenshot(page, '46-participants-refus');
    await expectAccessible(page, 'participants form with a refusal');
    await entry.getByLabel('Date d’entrée').fill('2026-05-04');
    await page.getByRole('button', { name: 'Transmettre à la MDS' }).click();
    await heading(`Dossier ${dossier.reference}`).waitFor();
    await expect
      .poll(() => said().textContent())
      .toMatch(/Entrées et sorties du comité du 15 juin 2026 transmises : .* \(1 entrée, 1 sortie\)/);

    const journey = page.getByRole('region', { name: 'Parcours du dossier' });
    await journey.getByRole('button', { name: /Exécution de l’opération \(en cours\)/ }).waitFor();
    expect(await journey.textContent()).toContain('Comité de suivi programmé');
    await screenshot(page, '47-parcours-pendant-l-operation');
  });

  it('the porteur files its bilan, the service accepts it, the dossier is closed: every phase drawn with its path', async () => {
    await chooseIdentity(page, 'Service instructeur', 'instructeur-parcours', territory);
    await dossierPage();
    await page.getByRole('button', { name: 'Enregistrer le compte rendu du comité du 15 juin 2026' }).click();
    await page
      .getByRole('dialog')
      .getByLabel(/Compte rendu/)
      .fill('Comité tenu : une entrée, une sortie en emploi durable.');
    await page.getByRole('dialog').getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await call('POST', '/_local/horloge', undefined, { date: '2027-04-02' })).status).toBe(200);
    await eventually(
      async () =>
        (await call('GET', `/dossiers/${dossier.id}`, instructeur)).body.taches.some(
          (x: { etape: string; statut: string }) => x.etape === 'bilan' && x.statut === 'open',
        )
          ? true
          : undefined,
      'bilan task',
    );

    await chooseIdentity(page, 'Porteur de projet', porteurId);
    await heading('Mes dossiers').waitFor();
    await page.getByRole('region', { name: 'Ce que je dois' }).getByRole('button', { name: 'Déposer le bilan final' }).click();
    // The bilan follows the convention: each of its indicators achieved, the exits by nature, the expenses paid by today.
    const bilan = page.getByRole('dialog');
    await bilan.getByLabel(/Bilan qualitatif/).fill('40 participants accompagnés, 14 sorties en emploi durable.');
    await bilan.getByLabel(/Participants accompagnés : réalisé/).fill('40');
    await bilan.getByLabel(/Sorties : Emploi durable/).fill('14');
    await bilan.getByLabel(/Dépenses acquittées/).fill('Salaires de l’accompagnateur ; 45 000 ; 2027-05-02');
    await bilan.getByRole('button', { name: 'Déposer le bilan' }).click();
    // Paid after the filing day: refused by the API, named next to the expenses.
    await expect.poll(() => bilan.textContent()).toContain('au plus tard à la date du dépôt du bilan');
    await bilan.getByLabel(/Dépenses acquittées/).fill('Salaires de l’accompagnateur ; 45 000 ; 2027-03-31');
    await bilan.getByRole('button', { name: 'Déposer le bilan' }).click();
    await expect.poll(() => said().textContent()).toContain(`Bilan final déposé pour le dossier ${dossier.reference}.`);

    const review = await taskOf(call, instructeur, dossier.id, 'bilan-review');
    await chooseIdentity(page, 'Service instructeur', 'instructeur-parcours', territory);
    await page.goto(`${platform.api}/console/#/taches/${review}`);
    await heading(`Dossier ${dossier.reference}`).waitFor();
    await page.getByRole('button', { name: 'Accepter', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmer la décision' }).click();
    await statusIs('closed');

    await dossierPage();
    const journey = page.getByRole('region', { name: 'Parcours du dossier' });
    await journey.getByRole('button', { name: /Bilan final et solde \(terminée\)/ }).waitFor();
    expect(await journey.textContent()).toContain('Phase terminée');
    expect(await journey.locator('ol.parcours-etapes').textContent()).toContain('Fin : dossier soldé');
    await screenshot(page, '48-dossier-solde-parcours-du-bilan');
    await journey.getByRole('button', { name: /Instruction du dossier \(terminée\)/ }).click();
    expect(await journey.locator('ol.parcours-etapes').textContent()).toContain('Passage à l’exécution');
    expect(await journey.locator('g.transition.empruntee').count()).toBeGreaterThan(8);
    await screenshot(page, '49-dossier-solde-parcours-de-l-instruction');
    await expectAccessible(page, 'closed dossier with its journey');

    // The campaign: the dossiers by state at each month's end, from the first filing (March 2026) to today (the line first).
    await page.getByRole('link', { name: 'Campagne', exact: true }).click();
    await heading('Campagne 2026').waitFor();
    const overTime = page.getByRole('table', { name: 'Dossiers par état à la fin de chaque mois, depuis le premier dépôt' });
    const headers = await overTime.getByRole('columnheader').allTextContents();
    expect(headers[2]).toBe('fin mars 2026');
    expect(headers.at(-1)).toBe('aujourd’hui (2 avril 2027)');
    expect(headers).toHaveLength(2 + 13 + 1);
    const cells = async (label: string) =>
      (
        await overTime
          .getByRole('row', { name: new RegExp(`^${label}`) })
          .getByRole('cell')
          .allTextContents()
      ).slice(1);
    expect((await cells('Soldé')).at(-1)).toBe('1');
    expect((await cells('En exécution'))[1]).toBe('1');
    // The totals by axe add up.
    expect(
      await page
        .getByRole('table', { name: /Dossiers par état et par axe/ })
        .getByRole('row', { name: /^Total/ })
        .textContent(),
    ).toMatch(/^Total2\D*0\D*0\D*0\D*0\D*2$/);
    await screenshot(page, '50-campagne-dossiers-par-etat-dans-le-temps');
    await expectAccessible(page, 'campaign with the dossiers over time');
    expect(pageErrors).toEqual([]);
  });
});

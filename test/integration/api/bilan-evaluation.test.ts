/**
 * The bilan is evaluated (call, « Suivi et contrôle »): the porteur proposes indicators when it
 * files; the convention fixes them beside the dispositif's, with its period; the exits of
 * participants are counted by nature, without names; the bilan gives each indicator's achieved
 * value, the exits by nature, its account and the expenses paid by its filing day; the service's
 * evaluation sets target against achieved. Through the API handler on the real local platform.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { sampleBilan, validSubmissionFixture } from '#infra/local/sample-dossier.ts';
import { apiClient, type Api } from '#test/support/api-client.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
let api: Api;
let d: DossierRecord;
const porteur = { porteur: 'porteur-evalue' } as const;
const instructeur = { role: 'service-instructeur', territory: 'arrageois' } as const;
const proposed = [{ name: 'Ateliers collectifs tenus', target: 12 }];

beforeAll(async () => {
  h = await startHarness('2026-03-02');
  api = apiClient(h.platform.deps);
  d = await h.submit({
    dispositifCode: '1.1',
    territory: 'arrageois',
    porteurId: porteur.porteur,
    mutate: (s) => (s.indicators = proposed),
  });
  await h.act(d.id, 'completeness-check', 'complete');
  await h.act(d.id, 'chief-validation', 'approve');
  await h.act(d.id, 'cp-decision', 'favourable', { amountCents: 3_000_000, cpDate: h.today(), deliberationNumber: 'CP-EVAL' });
  await h.act(d.id, 'convention-signature', 'signed', { signedOn: h.today() });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('the indicators', () => {
  it('a filing proposes indicators with their targets; the same one twice is refused, naming the field', async () => {
    const body = validSubmissionFixture({ dispositifCode: '1.1', territory: 'arrageois' });
    body.indicators = [...proposed, { name: 'ateliers collectifs tenus', target: 3 }];
    const res = await api('POST', '/dossiers', { as: { porteur: 'p-twice' }, headers: { 'idempotency-key': 'twice-indicators' }, body });
    expect(res.status).toBe(422);
    expect(res.body.erreur.champs.map((c: { champ: string }) => c.champ)).toEqual(['indicators']);
  });

  it('the convention fixes the dispositif’s indicators and the porteur’s, with its period, and tells the porteur', async () => {
    const res = await api('GET', `/dossiers/${d.id}`, { as: porteur });
    expect(res.body.suivi.convention).toMatchObject({
      indicators: [
        { code: 'participants-accompagnes', label: 'Participants accompagnés', target: 40, source: 'dispositif' },
        { code: 'propose-1', label: 'Ateliers collectifs tenus', target: 12, source: 'porteur' },
      ],
      period: { startDate: '2026-04-01', endDate: '2027-03-31' },
    });
    const [email] = (await h.emails(d.id)).filter((e) => e.kind === 'convention-to-sign');
    expect(email!.text).toContain('Ateliers collectifs tenus');
    expect(email!.text).toContain('Durée de la convention');
  });
});

describe('the exits of participants', () => {
  it('are counted by nature with the list sent before a comité, without a name in the dossier; a corrected list replaces the count', async () => {
    expect((await api('POST', `/dossiers/${d.id}/comites`, { as: instructeur, body: { date: '2026-06-15' } })).status).toBe(202);
    await h.settle();
    const send = (sorties: { prenom: string; nom: string; dateSortie: string; motifSortie: string }[]) =>
      api('POST', `/dossiers/${d.id}/participants`, {
        as: porteur,
        body: { comiteDate: '2026-06-15', entrees: [{ prenom: 'Camille', nom: 'Martin', dateEntree: '2026-05-04' }], sorties },
      });
    const exit = (prenom: string, motifSortie: string) => ({ prenom, nom: 'Dubois', dateSortie: '2026-05-29', motifSortie });
    expect((await send([exit('Inès', 'emploi-durable')])).status).toBe(202);
    expect((await send([exit('Inès', 'emploi-durable'), exit('Léo', 'formation-qualifiante')])).status).toBe(202);
    const unknown = await send([exit('Inès', 'demenagement')]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.erreur.champs[0].champ).toBe('sorties.0.motifSortie');
    const res = await api('GET', `/dossiers/${d.id}`, { as: porteur });
    expect(res.body.suivi.participants).toEqual({ entrees: 1, sortiesParNature: { 'emploi-durable': 1, 'formation-qualifiante': 1 } });
    const record = JSON.stringify(await h.dossier(d.id));
    for (const name of ['Camille', 'Inès', 'Léo', 'Dubois', 'Martin']) expect(record).not.toContain(name);
  });
});

describe('the bilan', () => {
  const indicators = [
    { code: 'participants-accompagnes', target: 40 },
    { code: 'propose-1', target: 12 },
  ];

  it('is refused, naming each field, without every indicator of the convention or with an expense paid after its filing day', async () => {
    await h.advanceTo('2027-05-10');
    expect((await h.dossier(d.id)).status).toBe('bilan-due');
    const missing = await api('POST', `/dossiers/${d.id}/bilan`, { as: porteur, body: sampleBilan(indicators.slice(0, 1)) });
    expect(missing.status).toBe(422);
    expect(missing.body.erreur.champs).toEqual([
      expect.objectContaining({
        champ: 'indicateurs',
        code: 'INDICATOR_MISSING',
        message: expect.stringContaining('Ateliers collectifs tenus'),
      }),
    ]);
    const late = await api('POST', `/dossiers/${d.id}/bilan`, { as: porteur, body: sampleBilan(indicators, '2027-05-11') });
    expect(late.status).toBe(422);
    expect(late.body.erreur.champs).toEqual([
      expect.objectContaining({ champ: 'depenses.0.payeeLe', code: 'EXPENSE_PAID_AFTER_BILAN' }),
      expect.objectContaining({ champ: 'depenses.1.payeeLe', code: 'EXPENSE_PAID_AFTER_BILAN' }),
    ]);
    expect(late.body.erreur.champs[0].message).toContain('10 mai 2027');
    const noAccount = await api('POST', `/dossiers/${d.id}/bilan`, {
      as: porteur,
      body: { ...sampleBilan(indicators), resume: undefined },
    });
    expect(noAccount.status).toBe(422);
    expect((await h.dossier(d.id)).status).toBe('bilan-due');
  });

  it('gives each indicator’s achieved value, the exits by nature, the expenses paid; the evaluation sets target against achieved', async () => {
    const bilan = sampleBilan(indicators, '2027-05-10', (i) => (i.code === 'propose-1' ? 9 : 42));
    const filed = await api('POST', `/dossiers/${d.id}/bilan`, { as: porteur, body: bilan });
    expect(filed.status).toBe(200);
    await h.settle();
    expect(workflowOf(await h.dossier(d.id)).bilan?.report).toEqual({
      achieved: { 'participants-accompagnes': 42, 'propose-1': 9 },
      exitsByNature: { 'emploi-durable': 1 },
      expensesPaidCents: 7_000_000,
    });
    await h.act(d.id, 'bilan-review', 'accept', { appreciation: 'Ateliers en deçà de l’objectif, accompagnement au-delà.' });
    const res = await api('GET', `/dossiers/${d.id}`, { as: instructeur });
    expect(res.body.statut).toBe('closed');
    expect(res.body.suivi.bilan.evaluation).toEqual([
      { code: 'participants-accompagnes', label: 'Participants accompagnés', target: 40, achieved: 42, percent: 105, source: 'dispositif' },
      { code: 'propose-1', label: 'Ateliers collectifs tenus', target: 12, achieved: 9, percent: 75, source: 'porteur' },
    ]);
    const evaluated = res.body.historique.find((e: { type: string }) => e.type === 'bilan-evaluated');
    expect(evaluated.donnees).toMatchObject({ appreciation: 'Ateliers en deçà de l’objectif, accompagnement au-delà.' });
    const [closed] = (await h.emails(d.id)).filter((e) => e.kind === 'dossier-closed');
    expect(closed!.text).toContain('Évaluation de l’opération');
    expect(closed!.text).toContain('Ateliers collectifs tenus');
  });
});

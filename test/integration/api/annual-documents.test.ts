/**
 * Annual documents, as the call has them: « la structure devra annuellement … transmettre » and
 * « Ces éléments devront être adressés par mail au service gestionnaire ». The service records
 * which of the five it received, never for a fiscal year not yet ended; once for the structure,
 * for all its dossiers; an avenant that moves the end recomputes the years owed; a closed dossier
 * owes nothing more. Through the API handler, on the real local DynamoDB and Step Functions runtime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNUAL_DOCUMENT_KEYS } from '#domain/notifications/index.ts';
import { workflowOf } from '#domain/workflow/state.ts';
import { sampleBilan } from '#infra/local/sample-dossier.ts';
import { apiClient, type Api } from '#test/support/api-client.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
let api: Api;
beforeAll(async () => {
  h = await startHarness('2026-03-02');
  api = apiClient(h.platform.deps);
});
afterAll(async () => {
  await h?.close();
});

/** A dossier in execution (operation 2026-04-01 → 2027-03-31; fiscal years 2026 and 2027 owed, 2026's due 2027-06-30). */
async function inExecution(dispositifCode: string, porteurId: string) {
  const d = await h.submit({ dispositifCode, porteurId });
  await h.act(d.id, 'completeness-check', 'complete');
  await h.act(d.id, 'chief-validation', 'approve');
  await h.act(d.id, 'cp-decision', 'favourable', { amountCents: 4_000_000, cpDate: h.today(), deliberationNumber: `CP-${d.reference}` });
  await h.act(d.id, 'convention-signature', 'signed', { signedOn: h.today() });
  return d;
}

const annual = async (id: string) => workflowOf(await h.dossier(id)).annualDocuments;
const annualDeadlines = async (id: string) =>
  (await h.platform.deps.deadlines.listOfDossier(id)).filter((x) => x.kind === 'annual-documents').map((x) => [x.ref, x.status]);

describe('annual documents: the structure’s, received by the service', () => {
  const ids = { a: '', b: '', other: '' };
  let as: { role: string; territory: string };

  it('starts the operations: two dossiers of one structure, one of another', async () => {
    ids.a = (await inExecution('1.1', 'structure-a')).id;
    ids.b = (await inExecution('1.2', 'structure-a')).id;
    ids.other = (await inExecution('1.1', 'structure-b')).id;
    as = { role: 'service-instructeur', territory: (await h.dossier(ids.a)).territory };
    expect(Object.keys(await annual(ids.a))).toEqual(['2026', '2027']);
  });

  it('an avenant that moves the end earlier recomputes the years owed: 2027 is no longer owed, its records cancelled', async () => {
    await h.event(ids.other, {
      type: 'avenant-requested',
      subject: 'Fin anticipée de l’opération',
      newEndDate: '2026-11-30',
      hazardJustification: 'Fermeture du lieu d’accueil après un incendie.',
    });
    await h.act(ids.other, 'avenant-review', 'accept');
    expect(Object.keys(await annual(ids.other))).toEqual(['2026']);
    expect(await annualDeadlines(ids.other)).toEqual(
      expect.arrayContaining([
        ['2027', 'cancelled'],
        ['2026', 'pending'],
      ]),
    );
  });

  it('the porteur can no longer declare them; the service cannot record a fiscal year not yet ended', async () => {
    await h.advanceTo('2027-01-10');
    const porteur = { porteur: 'structure-a' };
    expect(
      (
        await api('POST', `/dossiers/${ids.a}/documents-annuels`, {
          as: porteur,
          body: { exercice: 2026, documents: ['rapport-activite'] },
        })
      ).status,
    ).toBe(403);
    const notEnded = await api('POST', `/dossiers/${ids.a}/documents-annuels`, {
      as,
      body: { exercice: 2027, documents: ['rapport-activite'] },
    });
    expect(notEnded.status).toBe(422);
    expect(notEnded.body.erreur.champs).toEqual([
      expect.objectContaining({ champ: 'exercice', message: expect.stringContaining('2027-12-31') }),
    ]);
    const unknown = await api('POST', `/dossiers/${ids.a}/documents-annuels`, {
      as,
      body: { exercice: 2026, documents: ['bilan-comptable'] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'documents.0' })]);
    expect((await annual(ids.a))['2026']?.documents).toBeUndefined();
  });

  it('each document named as received; once all five are in, the obligation is met for every dossier of the structure (and no other)', async () => {
    const first = await api('POST', `/dossiers/${ids.a}/documents-annuels`, {
      as,
      body: { exercice: 2026, documents: ['rapport-activite', 'comptes-annuels'] },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ exercice: 2026, complet: false, documentsRecus: ['rapport-activite', 'comptes-annuels'] });
    expect(first.body.autresDossiers).toEqual([{ dossier: ids.b, complet: false, suspensionLevee: false }]);
    expect((await annual(ids.b))['2026']).toMatchObject({ documents: ['rapport-activite', 'comptes-annuels'] });
    expect(await annualDeadlines(ids.b)).toContainEqual(['2026', 'pending']);
    const rest = ANNUAL_DOCUMENT_KEYS.filter((k) => k !== 'rapport-activite' && k !== 'comptes-annuels');
    const second = await api('POST', `/dossiers/${ids.a}/documents-annuels`, { as, body: { exercice: 2026, documents: rest } });
    expect(second.body).toMatchObject({ complet: true, documentsRecus: ANNUAL_DOCUMENT_KEYS });
    for (const id of [ids.a, ids.b]) {
      expect((await annual(id))['2026']).toMatchObject({ receivedOn: '2027-01-10' });
      expect(await annualDeadlines(id)).toContainEqual(['2026', 'met']);
    }
    // Recorded again (a retry): nothing more on the timeline.
    await api('POST', `/dossiers/${ids.a}/documents-annuels`, { as, body: { exercice: 2026, documents: rest } });
    expect((await h.timelineTypes(ids.b)).filter((t) => t === 'annual-documents-received')).toHaveLength(2);
    expect((await annual(ids.other))['2026']?.documents).toBeUndefined();
  });

  it('a closed dossier owes nothing more: its later fiscal year is cancelled, never « missed »', async () => {
    await h.advanceTo('2027-04-05');
    await h.act(ids.a, 'bilan', 'bilan-filed', sampleBilan(), 'porteur');
    await h.act(ids.a, 'bilan-review', 'accept');
    expect((await h.dossier(ids.a)).status).toBe('closed');
    expect(await annualDeadlines(ids.a)).toContainEqual(['2027', 'cancelled']);
  });
});

/**
 * What the console reads beyond the dossier itself, through the API's handler on the real local
 * DynamoDB and Step Functions runtime: the inbox with each task's dossier (one request), a dossier's
 * path through its state machines (from the engine's execution histories), and the forms the
 * console builds from the schemas that validate them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
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

const PORTEUR = { porteur: 'asso-lecture' } as const;
const submission = validSubmissionFixture();
const territory = submission.territories[0]!;
const INSTRUCTEUR = { role: 'service-instructeur', territory } as const;

/** A dossier of the porteur (one per dispositif: a structure files once for each). */
async function filed(key: string, dispositifCode: string) {
  const body = validSubmissionFixture({ dispositifCode, territory });
  const res = await api('POST', '/dossiers', { as: PORTEUR, body, headers: { 'Idempotency-Key': key } });
  expect(res.status).toBe(201);
  await h.settle();
  return res.body as { id: string; reference: string };
}

describe('the inbox', () => {
  it('lists each open task with what the inbox shows of its dossier, kept with the task: one query, no dossier read', async () => {
    const dossier = await filed('console-reads-0001', '1.1');
    const inbox = await api('GET', '/taches', { as: INSTRUCTEUR });
    const task = inbox.body.taches.find((t: { dossierId: string }) => t.dossierId === dossier.id);
    expect(task.dossier).toEqual({
      reference: dossier.reference,
      dispositif: submission.dispositifCode,
      territoire: territory,
      porteur: submission.porteur.name,
      projet: validSubmissionFixture({ dispositifCode: '1.1' }).project.title,
    });
  });
});

describe('a dossier’s path through its state machines', () => {
  it('gives each execution of its chain with the states entered in order, and where it stands', async () => {
    const dossier = await filed('console-reads-0002', '1.2');
    const res = await api('GET', `/dossiers/${dossier.id}/parcours`, { as: PORTEUR });
    expect(res.status).toBe(200);
    expect(res.body.executions).toHaveLength(1);
    const [instruction] = res.body.executions;
    expect(instruction).toMatchObject({ machine: 'instruction', nom: `${dossier.id}-instruction-1`, generation: 1, statut: 'RUNNING' });
    // The acknowledgement plans the completeness check in the same call (workflows/README.md, « Fewer transitions »).
    expect(instruction.etats.map((s: { nom: string }) => s.nom)).toEqual(['Route', 'AcknowledgeSubmission', 'CompletenessCheck']);
    // Left states have their exit; the callback waiting for the service has none.
    expect(instruction.etats.filter((s: { sorti?: string }) => !s.sorti).map((s: { nom: string }) => s.nom)).toEqual(['CompletenessCheck']);
    for (const s of instruction.etats) expect(Date.parse(s.entre)).toBeGreaterThanOrEqual(Date.parse(instruction.debut));
  });

  it('is the dossier’s: another porteur gets 404, as for the dossier itself; an unknown dossier 404', async () => {
    const dossier = await filed('console-reads-0003', '1.3');
    expect((await api('GET', `/dossiers/${dossier.id}/parcours`, { as: { porteur: 'asso-autre' } })).status).toBe(404);
    expect((await api('GET', '/dossiers/inconnu/parcours', { as: INSTRUCTEUR })).status).toBe(404);
    expect((await api('GET', `/dossiers/${dossier.id}/parcours`, { as: INSTRUCTEUR })).status).toBe(200);
  });
});

describe('the console’s forms', () => {
  it('are the JSON Schemas of the very schemas that validate the dossier and the participant list, with a French label per field', async () => {
    const ref = (await api('GET', '/referentiel', { as: 'anonymous' })).body;
    const { dossier, participants } = ref.formulaires;
    expect(dossier.schema.required).toEqual(expect.arrayContaining(['porteur', 'dispositifCode', 'budget', 'undertakings']));
    expect(dossier.schema.properties.project.properties.title).toMatchObject({ minLength: 5, maxLength: 200 });
    expect(dossier.champs['budget.expenses.*.amountCents']).toEqual({ libelle: 'Montant (en euros)', saisie: 'euros' });
    expect(dossier.engagements.find((e: { cle: string }) => e.cle === 'insertionWorksiteSafety').requisSi).toBe('insertion-worksite');
    expect(participants.schema.required).toEqual(['comiteDate', 'entrees', 'sorties']);
    expect(participants.champs['sorties.*.motifSortie'].valeurs['emploi-durable']).toBe('Emploi durable');
    expect(ref.canalDuDepot).toBe('e-partenaire');
    expect(ref.axes.find((a: { numero: number }) => a.numero === 5).cofinancementRequis).toEqual(['fse', 'ftj']);
  });
});

/**
 * The instructing service's discretion through the HTTP API, on the real local DynamoDB and Step
 * Functions runtime with the clock moved day by day: extensions granted before a deadline falls
 * (refused after, naming the field), a suspension lifted with its reason (the balance held paid)
 * or waived before it falls, controls recorded, a control's partial reimbursement prepared then
 * validated — each on the timeline, the porteur told, a retried request changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const GRANTED = 4_000_000;

/** A dossier in execution (operation 2026-04-01 → 2027-03-31, bilan due 2027-06-30, annual documents 2026 due 2027-06-30). */
async function inExecution() {
  const d = await h.submit({ dispositifCode: '1.1' });
  await h.act(d.id, 'completeness-check', 'complete');
  await h.act(d.id, 'chief-validation', 'approve');
  await h.act(d.id, 'cp-decision', 'favourable', { amountCents: GRANTED, cpDate: h.today(), deliberationNumber: `CP-${d.reference}` });
  await h.act(d.id, 'convention-signature', 'signed', { signedOn: h.today() });
  return d;
}

describe('the service’s discretion (extensions, suspension, controls)', () => {
  const ids: Record<string, string> = {};
  let as: { role: string; territory: string };

  it('starts the operations', async () => {
    for (const name of ['extended', 'lifted', 'waived', 'controlled']) ids[name] = (await inExecution()).id;
    as = { role: 'service-instructeur', territory: (await h.dossier(ids.extended!)).territory };
  });

  it('a porteur cannot grant itself an extension; a bad request names its field and writes nothing', async () => {
    const porteur = { porteur: (await h.dossier(ids.extended!)).porteurId };
    const body = {
      obligation: 'annual-documents',
      exercice: 2026,
      nouvelleDate: '2027-08-31',
      motif: 'Rapport du commissaire aux comptes en août.',
    };
    expect((await api('POST', `/dossiers/${ids.extended}/delais`, { as: porteur, body })).status).toBe(403);
    const missing = await api('POST', `/dossiers/${ids.extended}/delais`, { as, body: { ...body, exercice: undefined } });
    expect(missing.status).toBe(422);
    expect(missing.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'exercice' })]);
    const earlier = await api('POST', `/dossiers/${ids.extended}/delais`, { as, body: { ...body, nouvelleDate: '2027-06-01' } });
    expect(earlier.status).toBe(422);
    expect(earlier.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'nouvelleDate' })]);
    expect(await h.timelineTypes(ids.extended!)).not.toContain('deadline-extended');
  });

  it('annual documents extended before they fall: no suspension on the old date, the porteur told; retried, nothing more', async () => {
    await h.advanceTo('2027-06-20');
    const body = {
      obligation: 'annual-documents',
      exercice: 2026,
      nouvelleDate: '2027-08-31',
      motif: 'Rapport du commissaire aux comptes en août.',
    };
    const first = await api('POST', `/dossiers/${ids.extended}/delais`, { as, body });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ obligation: 'annual-documents', ancienneDate: '2027-06-30', nouvelleDate: '2027-08-31' });
    expect((await api('POST', `/dossiers/${ids.extended}/delais`, { as, body })).status).toBe(200);
    expect((await h.timelineTypes(ids.extended!)).filter((t) => t === 'deadline-extended')).toHaveLength(1);
    expect((await h.emailKinds(ids.extended!)).filter((k) => k === 'deadline-extended')).toHaveLength(1);
    const bilan = await api('POST', `/dossiers/${ids.extended}/delais`, {
      as,
      body: { obligation: 'bilan', nouvelleDate: '2027-08-31', motif: 'Fermeture estivale de la structure.' },
    });
    expect(bilan.body).toEqual({ obligation: 'bilan', ancienneDate: '2027-06-30', nouvelleDate: '2027-08-31' });
    await h.advanceTo('2027-07-03');
    expect(workflowOf(await h.dossier(ids.extended!)).suspension).toBeUndefined();
    // The other dossiers' documents fell on 30 June: suspended.
    expect(workflowOf(await h.dossier(ids.lifted!)).suspension).toEqual({ since: '2027-07-01', fiscalYears: [2026] });
  });

  it('an extension once the deadline fell is refused, naming the field', async () => {
    const late = await api('POST', `/dossiers/${ids.lifted}/delais`, {
      as,
      body: { obligation: 'annual-documents', exercice: 2026, nouvelleDate: '2027-08-31', motif: 'Demandé trop tard.' },
    });
    expect(late.status).toBe(422);
    expect(late.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'obligation', message: expect.stringContaining('échu') })]);
  });

  it('the bilan extended before it fell: no reimbursement prepared when the old date and its grace pass; the porteur files it by the new date', async () => {
    await h.advanceTo('2027-07-20');
    const id = ids.extended!;
    expect(workflowOf(await h.dossier(id)).reimbursements).toEqual([]);
    expect(await h.emailKinds(id)).not.toContain('bilan-overdue');
    await h.openTask(id, 'bilan');
    await h.act(id, 'bilan', 'bilan-filed', sampleBilan(), 'porteur');
    expect((await h.dossier(id)).status).toBe('bilan-review');
    // Another dossier's bilan fell on 30 June: no extension any more.
    const late = await api('POST', `/dossiers/${ids.controlled}/delais`, {
      as,
      body: { obligation: 'bilan', nouvelleDate: '2027-09-30', motif: 'Demandé trop tard.' },
    });
    expect(late.status).toBe(422);
    expect(late.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'obligation' })]);
  });

  it('waived before it falls, for a fiscal year: no suspension, the porteur told', async () => {
    const d = await h.dossier(ids.waived!);
    expect(workflowOf(d).suspension).toBeDefined(); // 2026's fell on 30 June
    const res = await api('POST', `/dossiers/${ids.waived}/suspension/levee`, {
      as,
      body: { motif: 'Documents reçus par courrier.', exercice: 2027 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ suspension: 'ecartee' });
    expect(workflowOf(await h.dossier(ids.waived!)).annualDocuments['2027']?.waived).toMatchObject({
      reason: 'Documents reçus par courrier.',
    });
    expect(await h.emailKinds(ids.waived!)).toContain('suspension-waived');
  });

  it('lifted by the service with its reason: on the timeline, the porteur told, payments resume', async () => {
    const id = ids.lifted!;
    const body = { motif: 'Documents annuels reçus par courrier le 2 juillet.' };
    const res = await api('POST', `/dossiers/${id}/suspension/levee`, { as, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ suspension: 'levee' });
    expect((await api('POST', `/dossiers/${id}/suspension/levee`, { as, body })).status).toBe(200); // retried: nothing more
    const d = await h.dossier(id);
    expect(workflowOf(d).suspension).toBeUndefined();
    const timeline = await h.platform.deps.timeline.list(id);
    expect(timeline.filter((e) => e.type === 'payments-resumed')).toEqual([
      expect.objectContaining({
        actor: expect.stringContaining('service-instructeur'),
        data: expect.objectContaining({ reason: body.motif }),
      }),
    ]);
    const resumed = (await h.emails(id)).filter((e) => e.kind === 'payments-resumed');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.text).toContain(body.motif);
    // Nothing to lift any more: refused, naming the field.
    const again = await api('POST', `/dossiers/${id}/suspension/levee`, { as, body: { motif: 'Encore.' } });
    expect(again.status).toBe(422);
    expect(again.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'exercice' })]);
  });

  it('a control recorded; pieces unfounded: a part of the sums paid prepared, sent once the service validates it', async () => {
    const id = ids.controlled!;
    const paid = (await h.dossier(id)).amounts.paidCents;
    const control = {
      type: 'sur-place',
      date: '2027-07-02',
      constats: 'Feuilles d’émargement de mai non signées.',
      piecesNonFondees: true,
    };
    const tooMuch = await api('POST', `/dossiers/${id}/controles`, { as, body: { ...control, montantARembourserCents: paid + 1 } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'montantARembourserCents' })]);
    const notUnfounded = await api('POST', `/dossiers/${id}/controles`, {
      as,
      body: { ...control, piecesNonFondees: false, montantARembourserCents: 1000 },
    });
    expect(notUnfounded.status).toBe(422);
    const recorded = await api('POST', `/dossiers/${id}/controles`, { as, body: { ...control, montantARembourserCents: 300_000 } });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect((await api('POST', `/dossiers/${id}/controles`, { as, body: { ...control, montantARembourserCents: 300_000 } })).body).toEqual(
      recorded.body,
    );
    const before = workflowOf(await h.dossier(id));
    expect(before.controls).toHaveLength(1);
    // (Its bilan, missed on 30 June, has its own demand prepared for the service: not this one.)
    expect(before.reimbursements.filter((r) => r.ground === 'control')).toEqual([
      expect.objectContaining({ ground: 'control', amountCents: 300_000, totalPaidCents: paid, status: 'proposed' }),
    ]);
    expect(await h.emailKinds(id)).not.toContain('reimbursement-demand');
    const validated = await api('POST', `/dossiers/${id}/remboursements/${recorded.body.remboursement}/validation`, { as });
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    expect(validated.body).toMatchObject({ statut: 'demanded', montantCents: 300_000 });
    expect((await api('POST', `/dossiers/${id}/remboursements/${recorded.body.remboursement}/validation`, { as })).status).toBe(200);
    const demand = (await h.emails(id)).filter((e) => e.kind === 'reimbursement-demand');
    expect(demand).toHaveLength(1);
    expect(demand[0]!.text).toContain('Feuilles d’émargement de mai non signées.');
    expect(demand[0]!.subject).toMatch(/3\s000,00\s€/);
    // A part reclaimed: the dossier's life goes on.
    expect((await h.dossier(id)).status).toBe('bilan-due');
    expect(await h.verifyTimeline(id)).toMatchObject({ ok: true });
  });
});

/**
 * The HTTP API through its handler (API Gateway HTTP API events, JWT claims), on the real local
 * DynamoDB and Step Functions runtime: submission, the inbox, decisions, the Commission
 * Permanente, the porteur's filings — and every refusal a client can cause, in French.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { apiClient, type Api } from '#test/support/api-client.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';
import { isTaskId } from '#domain/ports/records.ts';

let h: Harness;
let api: Api;
beforeAll(async () => {
  h = await startHarness('2026-03-02');
  api = apiClient(h.platform.deps);
});
afterAll(async () => {
  await h?.close();
});

const PORTEUR = { porteur: 'asso-1' } as const;
const OTHER = { porteur: 'asso-2' } as const;
const territory = validSubmissionFixture().territories[0]!;
const INSTRUCTEUR = { role: 'service-instructeur', territory } as const;
const CHEF = { role: 'chef-slai-slisl', territory } as const;
const CP = { role: 'secretariat-cp', id: 'secretariat-1' } as const;

async function submit(key: string, body: unknown = validSubmissionFixture(), as: typeof PORTEUR | typeof OTHER = PORTEUR) {
  const res = await api('POST', '/dossiers', { as, body, headers: { 'Idempotency-Key': key } });
  await h.settle();
  return res;
}

async function taskOf(dossierId: string, step: string, as: { role: string; territory?: string }) {
  const inbox = await api('GET', '/taches', { as });
  expect(inbox.status).toBe(200);
  const task = inbox.body.taches.find((t: { dossierId: string; etape: string }) => t.dossierId === dossierId && t.etape === step);
  if (!task) throw new Error(`no ${step} task for ${dossierId} in the inbox`);
  return task as { id: string; decisionsPossibles: string[]; enRetard: boolean };
}

async function decide(taskId: string, as: object, body: object) {
  const res = await api('POST', `/taches/${taskId}/decision`, { as: as as never, body });
  await h.settle();
  return res;
}

describe('submission', () => {
  it('refuses a dossier that breaks the call’s rules, naming each field in French, and writes nothing', async () => {
    const body = validSubmissionFixture();
    body.budget.expenses[0]!.amountCents += 100;
    const res = await submit('key-invalid-1', body);
    expect(res.status).toBe(422);
    expect(res.body.erreur.code).toBe('dossier-invalide');
    expect(res.body.erreur.champs).toEqual(
      expect.arrayContaining([expect.objectContaining({ champ: 'budget', code: 'BUDGET_UNBALANCED' })]),
    );
    expect((await api('GET', '/dossiers', { as: PORTEUR })).body.dossiers).toEqual([]);
  });

  it('requires an Idempotency-Key and an authenticated porteur', async () => {
    expect((await api('POST', '/dossiers', { as: PORTEUR, body: validSubmissionFixture() })).status).toBe(400);
    expect(
      (await api('POST', '/dossiers', { as: 'anonymous', body: validSubmissionFixture(), headers: { 'Idempotency-Key': 'key-anon-1' } }))
        .status,
    ).toBe(401);
    expect(
      (await api('POST', '/dossiers', { as: INSTRUCTEUR, body: validSubmissionFixture(), headers: { 'Idempotency-Key': 'key-instr-1' } }))
        .status,
    ).toBe(403);
  });

  it('creates the dossier once per key; the same content under another key is a duplicate', async () => {
    const first = await submit('key-ok-0001');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ statut: 'submitted', dispositif: '1.1', reference: expect.stringMatching(/^AAP26-1\.1-\d{6}$/) });
    const again = await submit('key-ok-0001');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const duplicate = await submit('key-ok-0002');
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.erreur.code).toBe('dossier-en-double');
    const reused = await submit('key-ok-0001', { ...validSubmissionFixture(), participantsPlanned: 41 });
    expect(reused.status).toBe(422);
  });

  it('shows a dossier to its porteur with its whole history, and to no other porteur', async () => {
    const { body } = await submit('key-show-001', { ...validSubmissionFixture(), participantsPlanned: 12 });
    const mine = await api('GET', `/dossiers/${body.id}`, { as: PORTEUR });
    expect(mine.status).toBe(200);
    expect(mine.body.statut).toBe('completeness-check');
    expect(mine.body.historique.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['dossier-submitted', 'submission-acknowledged', 'email-queued', 'task-opened']),
    );
    expect(mine.body.historiqueIntegre).toBe(true);
    expect(mine.body.courriels.map((e: { type: string }) => e.type)).toContain('acknowledgement');
    expect(JSON.stringify(mine.body)).not.toContain('taskToken');
    const theirs = await api('GET', `/dossiers/${body.id}`, { as: OTHER });
    expect(theirs.status).toBe(404);
    expect((await api('GET', '/dossiers/does-not-exist', { as: OTHER })).body).toEqual(theirs.body);
  });
});

describe('tasks and decisions', () => {
  let dossierId: string;
  beforeAll(async () => {
    dossierId = (await submit('key-task-001', { ...validSubmissionFixture(), participantsPlanned: 13 })).body.id;
  });

  it('puts the completeness check in the inbox of the territory’s service only', async () => {
    const task = await taskOf(dossierId, 'completeness-check', INSTRUCTEUR);
    expect(task.decisionsPossibles).toEqual(['complete', 'ask-complements']);
    const elsewhere = await api('GET', '/taches', {
      as: { role: 'service-instructeur', territory: territory === 'calaisis' ? 'ternois' : 'calaisis' },
    });
    expect(elsewhere.body.taches.some((t: { dossierId: string }) => t.dossierId === dossierId)).toBe(false);
    expect((await api('GET', '/taches', { as: PORTEUR })).status).toBe(403);
  });

  it('refuses a decision from another territory, an unknown decision, missing details — and records nothing', async () => {
    const task = await taskOf(dossierId, 'completeness-check', INSTRUCTEUR);
    expect(
      (
        await decide(
          task.id,
          { role: 'service-instructeur', territory: territory === 'calaisis' ? 'ternois' : 'calaisis' },
          { decision: 'complete' },
        )
      ).status,
    ).toBe(403);
    const unknown = await decide(task.id, INSTRUCTEUR, { decision: 'approve' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.erreur.champs[0].champ).toBe('decision');
    const missing = await decide(task.id, INSTRUCTEUR, { decision: 'ask-complements' });
    expect(missing.status).toBe(422);
    expect(missing.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'details.complements' })]);
    expect((await api('GET', `/taches/${task.id}`, { as: INSTRUCTEUR })).body.statut).toBe('open');
  });

  it('records a decision once: a retry is a replay, another decision a 409', async () => {
    const task = await taskOf(dossierId, 'completeness-check', INSTRUCTEUR);
    const body = { decision: 'ask-complements', commentaire: 'Pièces manquantes', details: { complements: ['Attestation CAF'] } };
    const first = await decide(task.id, INSTRUCTEUR, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ statut: 'decided', decision: 'ask-complements' });
    expect((await decide(task.id, INSTRUCTEUR, body)).status).toBe(200);
    const conflict = await decide(task.id, INSTRUCTEUR, { decision: 'complete' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.erreur.code).toBe('tache-deja-traitee');
    const dossier = await api('GET', `/dossiers/${dossierId}`, { as: PORTEUR });
    expect(dossier.body.statut).toBe('awaiting-complements');
    expect(dossier.body.historique.filter((e: { type: string }) => e.type === 'task-decided')).toHaveLength(1);
  });

  it('lets the porteur send its complements, which sends the dossier back to the completeness check', async () => {
    expect((await api('POST', `/dossiers/${dossierId}/complements`, { as: OTHER })).status).toBe(404);
    const res = await api('POST', `/dossiers/${dossierId}/complements`, { as: PORTEUR });
    await h.settle();
    expect(res.status).toBe(200);
    expect((await api('GET', `/dossiers/${dossierId}`, { as: PORTEUR })).body.statut).toBe('completeness-check');
    expect((await api('POST', `/dossiers/${dossierId}/complements`, { as: PORTEUR })).status).toBe(409);
  });
});

describe('Commission Permanente', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (const [i, participants] of [21, 22, 23].entries()) {
      const { body } = await submit(`key-cp-00${i}`, { ...validSubmissionFixture(), participantsPlanned: participants });
      ids.push(body.id);
      await decide((await taskOf(body.id, 'completeness-check', INSTRUCTEUR)).id, INSTRUCTEUR, { decision: 'complete' });
      await decide((await taskOf(body.id, 'chief-validation', CHEF)).id, CHEF, { decision: 'approve' });
    }
  });

  it('lists the dossiers ready for a session with the envelope left, also as CSV', async () => {
    const res = await api('GET', '/commission-permanente/preparation', { as: CP });
    expect(res.status).toBe(200);
    expect(res.body.dossiers.map((d: { dossierId: string }) => d.dossierId)).toEqual(expect.arrayContaining(ids));
    expect(res.body.enveloppesRestantesCents['1.1']).toBeGreaterThan(0);
    const csv = await api('GET', '/commission-permanente/preparation?format=csv', { as: CP });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[0]).toContain('"reference";"dispositif"');
    expect(csv.text).toContain('"45000,00"');
    expect((await api('GET', '/commission-permanente/preparation', { as: INSTRUCTEUR })).status).toBe(403);
  });

  it('refuses the whole session when one decision is incomplete: nothing is recorded', async () => {
    const res = await api('POST', '/commission-permanente/seances', {
      as: CP,
      body: {
        date: '2026-04-10',
        numeroDeliberation: 'CP-2026-04-01',
        decisions: [
          { dossierId: ids[0], avis: 'favourable', montantCents: 4_500_000 },
          { dossierId: ids[1], avis: 'favourable' },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'decisions.1.montantCents' })]);
    expect((await api('GET', `/dossiers/${ids[0]}`, { as: PORTEUR })).body.statut).toBe('ready-for-cp');
  });

  it('records a session’s decisions for the whole list at once, saying of each what became of it; each dossier then moves on', async () => {
    const body = {
      date: '2026-04-10',
      numeroDeliberation: 'CP-2026-04-01',
      decisions: [
        { dossierId: ids[0], avis: 'favourable', montantCents: 4_500_000 },
        { dossierId: ids[1], avis: 'unfavourable', motif: 'Projet redondant sur le territoire.' },
        { dossierId: ids[2], avis: 'adjourned', prochaineSeance: '2026-05-15' },
      ],
    };
    const res = await api('POST', '/commission-permanente/seances', { as: CP, body });
    await h.settle();
    expect(res.status).toBe(200);
    expect(res.body.decisions.map((d: { enregistre?: boolean }) => d.enregistre)).toEqual([true, true, true]);
    expect(await h.platform.deps.envelopes.commitmentOf('1.1', ids[0]!)).toBe(4_500_000);
    const statuses = await Promise.all(ids.map(async (id) => (await api('GET', `/dossiers/${id}`, { as: PORTEUR })).body.statut));
    expect(statuses).toEqual(['convention-drafted', 'cp-unfavourable', 'cp-adjourned']);
    const retry = await api('POST', '/commission-permanente/seances', { as: CP, body: { ...body, decisions: body.decisions.slice(0, 2) } });
    expect(retry.status).toBe(200);
    expect(retry.body.decisions.map((d: { dejaEnregistre?: boolean }) => d.dejaEnregistre)).toEqual([true, true]);
    expect(await h.platform.deps.cpSessions.get('cp-2026-04-10')).toMatchObject({
      date: '2026-04-10',
      deliberationNumber: 'CP-2026-04-01',
    });
  });

  it('two secretaries recording the same session at once: every decision recorded once, neither answer a conflict', async () => {
    const more: string[] = [];
    for (const [i, participants] of [24, 25].entries()) {
      const { body } = await submit(`key-cp-10${i}`, { ...validSubmissionFixture(), participantsPlanned: participants });
      more.push(body.id);
      await decide((await taskOf(body.id, 'completeness-check', INSTRUCTEUR)).id, INSTRUCTEUR, { decision: 'complete' });
      await decide((await taskOf(body.id, 'chief-validation', CHEF)).id, CHEF, { decision: 'approve' });
    }
    const body = {
      date: '2026-05-15',
      numeroDeliberation: 'CP-2026-05-02',
      decisions: [
        { dossierId: more[0], avis: 'favourable', montantCents: 1_000_000 },
        { dossierId: more[1], avis: 'unfavourable', motif: 'Hors priorités du territoire.' },
      ],
    };
    const [a, b] = await Promise.all([
      api('POST', '/commission-permanente/seances', { as: CP, body }),
      api('POST', '/commission-permanente/seances', { as: { role: 'secretariat-cp', id: 'cp-2' }, body }),
    ]);
    await h.settle();
    expect([a.status, b.status]).toEqual([200, 200]);
    for (const i of [0, 1]) {
      const outcomes = [a, b].map((r) => r.body.decisions[i]);
      expect(outcomes.filter((o) => o.enregistre)).toHaveLength(1);
      expect(outcomes.filter((o) => o.dejaEnregistre)).toHaveLength(1);
    }
    expect(await h.platform.deps.envelopes.commitmentOf('1.1', more[0]!)).toBe(1_000_000);
    for (const id of more) {
      const cp = (await h.platform.deps.timeline.list(id)).filter((e) => e.type === 'task-decided' && e.data.step === 'cp-decision');
      expect(cp).toHaveLength(1);
    }
  });

  it('says in its answer which favourable decision did not fit what is left of the envelope: that one is not recorded', async () => {
    const code = '3.1';
    const total = h.platform.deps.catalog.dispositifByCode(code)!.envelopeCents;
    const late: string[] = [];
    const amount = Math.floor(total * 0.6);
    for (const [i, participants] of [26, 27].entries()) {
      // Asking for 60 % of the envelope each: one fits, not both.
      const fixture = { ...validSubmissionFixture({ dispositifCode: code }), participantsPlanned: participants };
      const departement = fixture.budget.resources.find((r) => r.source === 'departement')!;
      fixture.budget.expenses[0]!.amountCents += amount - departement.amountCents;
      departement.amountCents = amount;
      const { body } = await submit(`key-cp-20${i}`, fixture);
      late.push(body.id);
      await decide((await taskOf(body.id, 'completeness-check', INSTRUCTEUR)).id, INSTRUCTEUR, { decision: 'complete' });
      await decide((await taskOf(body.id, 'chief-validation', CHEF)).id, CHEF, { decision: 'approve' });
    }
    // Two sessions of different dates at once, each fitting alone, not together.
    const session = (date: string, dossierId: string) =>
      api('POST', '/commission-permanente/seances', {
        as: CP,
        body: { date, numeroDeliberation: `CP-${date}`, decisions: [{ dossierId, avis: 'favourable', montantCents: amount }] },
      });
    const [a, b] = await Promise.all([session('2026-06-01', late[0]!), session('2026-06-02', late[1]!)]);
    await h.settle();
    expect([a.status, b.status]).toEqual([200, 200]);
    const outcomes = [a.body.decisions[0], b.body.decisions[0]];
    expect(outcomes.filter((o) => o.enregistre)).toHaveLength(1);
    const exceeded = outcomes.find((o) => o.enveloppeDepassee);
    expect(exceeded).toMatchObject({ enveloppeDepassee: { resteCents: total - amount } });
    const refused = exceeded.dossierId as string;
    expect(await h.platform.deps.envelopes.get(code)).toMatchObject({ committedCents: amount, remainingCents: total - amount });
    expect(await h.platform.deps.envelopes.commitmentOf(code, refused)).toBeUndefined();
    expect((await h.dossier(refused)).status).toBe('ready-for-cp');
    expect(await h.timelineTypes(refused)).toContain('envelope-exceeded');
    await h.openTask(refused, 'cp-decision');
  });
});

describe('malformed requests', () => {
  it('answers 404 to an unknown route, 405 to a wrong method, 400 to bad JSON, 413 to a huge body', async () => {
    expect((await api('GET', '/nope', { as: PORTEUR })).status).toBe(404);
    expect((await api('DELETE', '/dossiers', { as: PORTEUR })).status).toBe(405);
    const bad = await api('POST', '/dossiers', { as: PORTEUR, rawBody: '{"porteur":', headers: { 'Idempotency-Key': 'key-json-001' } });
    expect(bad.status).toBe(400);
    expect(bad.body.erreur.code).toBe('json-invalide');
    const huge = await api('POST', '/dossiers', {
      as: PORTEUR,
      rawBody: JSON.stringify({ x: 'a'.repeat(300_000) }),
      headers: { 'Idempotency-Key': 'key-huge-001' },
    });
    expect(huge.status).toBe(413);
  });
});

describe('the decision link sent by email', () => {
  it('carries an opaque 128-bit task id (never the token); opening it changes nothing; it acts once', async () => {
    const { body } = await submit('key-link-0001', { ...validSubmissionFixture(), participantsPlanned: 31 });
    const emails = await h.emails(body.id);
    const assigned = emails.find((e) => e.kind === 'task-assigned')!;
    const taskId = /\/taches\/([A-Za-z0-9_-]+)/.exec(assigned.text)![1]!;
    // The dossier's id, then 128 bits derived from the token: unguessable without it.
    expect(isTaskId(taskId)).toBe(true);
    expect(taskId.startsWith(body.id)).toBe(true);
    expect(Buffer.from(taskId.slice(body.id.length), 'base64url')).toHaveLength(16);
    const token = (await h.platform.deps.tasks.getForDecision(taskId))?.taskToken;
    expect(assigned.text).not.toContain(token!);
    expect(assigned.html).not.toContain(token!);
    const before = await h.platform.deps.tasks.get(taskId);
    for (let i = 0; i < 3; i++) expect((await api('GET', `/taches/${taskId}`, { as: INSTRUCTEUR })).status).toBe(200);
    expect(await h.platform.deps.tasks.get(taskId)).toEqual(before);
    expect((await decide(taskId, INSTRUCTEUR, { decision: 'complete' })).status).toBe(200);
    expect((await decide(taskId, INSTRUCTEUR, { decision: 'ask-complements', details: { complements: ['x y z'] } })).status).toBe(409);
    expect((await api('GET', `/taches/${taskId}`, { as: INSTRUCTEUR })).body.statut).toBe('decided');
  });
});

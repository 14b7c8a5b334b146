/**
 * Every dispositif can enter the system (call, « Modalités de dépôt »): the Word dossiers (2.2,
 * 2.11, 2.12, 2.13) through the individual filing space the service opens for a named structure,
 * 3.7 registered by the instructing service from Démarches simplifiées — then the same rules and
 * the same life as any dossier. Through the API handler on the real local platform.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSiretCheckDigit } from '#domain/submission/index.ts';
import { invitationDossierId } from '#domain/workflow/entry-channels.ts';
import { validSubmissionFixture } from '#infra/local/sample-dossier.ts';
import { apiClient, type Api } from '#test/support/api-client.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
let api: Api;
const spslh = { role: 'service-instructeur', id: 'spslh-1', territory: 'departement' } as const;
const siret = withSiretCheckDigit('4420000000001');
const porteur = { porteur: 'porteur-word', siret } as const;

function dossier211(mutate?: (s: ReturnType<typeof validSubmissionFixture>) => void) {
  const body = validSubmissionFixture({ dispositifCode: '2.11', territory: 'arrageois' });
  body.porteur.siret = siret;
  mutate?.(body);
  return body;
}

async function openInvitation(key: string, dispositifCode = '2.11') {
  return api('POST', '/invitations-depot', {
    as: spslh,
    headers: { 'idempotency-key': key },
    body: { dispositifCode, porteur: { nom: 'Association Énergie Solidaire', siret, courriel: 'contact@energie-solidaire.fr' } },
  });
}

beforeAll(async () => {
  h = await startHarness('2026-03-02');
  api = apiClient(h.platform.deps);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('a Word-channel dossier (2.11)', () => {
  it('is still refused on E-partenaire, with the way to file it', async () => {
    const res = await api('POST', '/dossiers', { as: porteur, headers: { 'idempotency-key': 'word-on-e-partenaire' }, body: dossier211() });
    expect(res.status).toBe(422);
    expect(res.body.erreur.champs[0]).toMatchObject({ champ: 'dispositifCode', code: 'DISPOSITIF_FILED_ELSEWHERE' });
    expect(res.body.erreur.champs[0].message).toContain('spslh@pasdecalais.fr');
  });

  it('the service opens a filing space for a named structure: emailed with its link, expiring, opened once per key', async () => {
    const res = await openInvitation('open-once');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dispositif: '2.11', etat: 'ouvert', expireLe: '2026-04-01', porteur: { siret } });
    const again = await openInvitation('open-once');
    expect(again.body.id).toBe(res.body.id);
    const email = await h.platform.deps.outbox.get(`filing-invitation#${res.body.id}`);
    expect(email).toMatchObject({ kind: 'filing-invitation', to: ['contact@energie-solidaire.fr'] });
    expect(email!.text).toContain(res.body.lien);
    expect(email!.subject).toContain('1er avril 2026');
  });

  it('is refused for a dispositif filed on E-partenaire, naming the field', async () => {
    const res = await openInvitation('open-1.1', '1.1');
    expect(res.status).toBe(422);
    expect(res.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'dispositifCode', code: 'DISPOSITIF_NOT_WORD_CHANNEL' })]);
    const porteurTries = await api('POST', '/invitations-depot', { as: porteur, body: {} });
    expect(porteurTries.status).toBe(403);
  });

  it('the porteur files through it under the same rules: another structure or a broken rule is refused, nothing written', async () => {
    const { body: invitation } = await openInvitation('rules');
    const other = await api('POST', `/invitations-depot/${invitation.id}/dossier`, {
      as: { porteur: 'porteur-word' },
      body: dossier211((s) => (s.porteur.siret = withSiretCheckDigit('4420000000002'))),
    });
    expect(other.status).toBe(422);
    expect(other.body.erreur.champs).toEqual([expect.objectContaining({ champ: 'porteur.siret', code: 'INVITATION_OTHER_STRUCTURE' })]);
    const unbalanced = await api('POST', `/invitations-depot/${invitation.id}/dossier`, {
      as: porteur,
      body: dossier211((s) => (s.budget.expenses[0]!.amountCents += 100)),
    });
    expect(unbalanced.status).toBe(422);
    expect(unbalanced.body.erreur.champs.map((c: { code: string }) => c.code)).toContain('BUDGET_UNBALANCED');
    expect(await h.platform.deps.dossiers.get(invitationDossierId(invitation.id))).toBeUndefined();
  });

  it('two tabs file one dossier: the same dossier is the one filed, another is refused; then it lives the same life', async () => {
    const { body: invitation } = await openInvitation('two-tabs');
    const path = `/invitations-depot/${invitation.id}/dossier`;
    const [first, second] = await Promise.all([
      api('POST', path, { as: porteur, body: dossier211() }),
      api('POST', path, { as: porteur, body: dossier211() }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.id).toBe(second.body.id);
    // The one that filed answers the dossier as filed; the other, the dossier as it stands (its instruction may have started).
    expect([first, second].find((r) => r.status === 201)!.body).toMatchObject({
      canal: 'spslh-word',
      dispositif: '2.11',
      statut: 'submitted',
    });
    expect([first, second].find((r) => r.status === 200)!.body).toMatchObject({ canal: 'spslh-word', dispositif: '2.11' });
    const another = await api('POST', path, {
      as: porteur,
      body: dossier211((s) => (s.project.title = 'Un autre projet de sensibilisation')),
    });
    expect(another.status).toBe(409);
    expect(another.body.erreur.code).toBe('espace-de-depot-utilise');
    const state = await api('GET', `/invitations-depot/${invitation.id}`, { as: porteur });
    expect(state.body).toMatchObject({ etat: 'utilise', dossierId: first.body.id });

    await h.settle();
    const id = first.body.id as string;
    expect(await h.emailKinds(id)).toContain('acknowledgement');
    const events = await h.platform.deps.timeline.list(id);
    expect(events[0]).toMatchObject({
      type: 'dossier-submitted',
      actor: 'porteur:porteur-word',
      data: { entry: { channel: 'spslh-word' } },
    });
    await h.act(id, 'completeness-check', 'complete');
    expect((await h.dossier(id)).status).toBe('chief-validation');
    const mine = await api('GET', '/dossiers', { as: porteur });
    expect(mine.body.dossiers.map((d: { id: string }) => d.id)).toContain(id);
  });

  it('expires: past its last day nothing is filed', async () => {
    const { body: invitation } = await openInvitation('expires');
    await h.advanceTo('2026-04-02');
    const late = await api('POST', `/invitations-depot/${invitation.id}/dossier`, { as: porteur, body: dossier211() });
    expect(late.status).toBe(409);
    expect(late.body.erreur).toMatchObject({ code: 'espace-de-depot-expire' });
    expect(late.body.erreur.message).toContain('1er avril 2026');
    expect((await api('GET', `/invitations-depot/${invitation.id}`, { as: porteur })).body.etat).toBe('expire');
    expect(await h.platform.deps.dossiers.get(invitationDossierId(invitation.id))).toBeUndefined();
  });
});

describe('a Démarches simplifiées dossier (3.7)', () => {
  const instructeur = { role: 'service-instructeur', id: 'instr-ds', territory: 'boulonnais' } as const;
  const dsSiret = withSiretCheckDigit('5510000000001');
  const received = (mutate?: (s: ReturnType<typeof validSubmissionFixture>) => void) => {
    const body = validSubmissionFixture({ dispositifCode: '3.7', territory: 'boulonnais' });
    body.porteur.siret = dsSiret;
    mutate?.(body);
    return body;
  };

  it('is registered by the instructing service with its number, once; the structure’s porteur sees it and acts on it', async () => {
    const res = await api('POST', '/demarches-simplifiees/dossiers', {
      as: instructeur,
      body: { numero: '18734562', dossier: received() },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ canal: 'demarches-simplifiees', numeroDemarchesSimplifiees: '18734562', dispositif: '3.7' });
    const again = await api('POST', '/demarches-simplifiees/dossiers', {
      as: instructeur,
      body: { numero: '18734562', dossier: received() },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    const taken = await api('POST', '/demarches-simplifiees/dossiers', {
      as: instructeur,
      body: { numero: '18734562', dossier: received((s) => (s.project.title = 'Une autre crèche à vocation d’insertion')) },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.erreur).toMatchObject({ code: 'numero-deja-enregistre', champs: [{ champ: 'numero' }] });

    await h.settle();
    const id = res.body.id as string;
    expect(await h.emailKinds(id)).toContain('acknowledgement');
    const [first] = await h.platform.deps.timeline.list(id);
    expect(first).toMatchObject({ actor: 'service-instructeur:instr-ds', data: { entry: { channel: 'demarches-simplifiees' } } });
    const structure = { porteur: 'someone-of-the-structure', siret: dsSiret };
    expect((await api('GET', `/dossiers/${id}`, { as: structure })).status).toBe(200);
    expect((await api('GET', '/dossiers', { as: structure })).body.dossiers.map((d: { id: string }) => d.id)).toEqual([id]);
    expect((await api('GET', `/dossiers/${id}`, { as: { porteur: 'someone-else', siret } })).status).toBe(404);
    await h.act(id, 'completeness-check', 'ask-complements', { complements: ['Budget signé'] });
    const answered = await api('POST', `/dossiers/${id}/complements`, { as: structure });
    expect(answered.status).toBe(200);
  });

  it('a malformed number, a dossier breaking a rule, another territory’s dossier or a porteur: refused, naming the field', async () => {
    const malformed = await api('POST', '/demarches-simplifiees/dossiers', {
      as: instructeur,
      body: { numero: '0123-A', dossier: received() },
    });
    expect(malformed.status).toBe(422);
    expect(malformed.body.erreur.champs[0]).toMatchObject({ champ: 'numero' });
    const broken = await api('POST', '/demarches-simplifiees/dossiers', {
      as: instructeur,
      body: { numero: '18734563', dossier: received((s) => (s.operation.endDate = '2028-06-30')) },
    });
    expect(broken.status).toBe(422);
    expect(broken.body.erreur.champs.map((c: { champ: string }) => c.champ)).toContain('operation.endDate');
    const elsewhere = await api('POST', '/demarches-simplifiees/dossiers', {
      as: { ...instructeur, territory: 'calaisis' },
      body: { numero: '18734564', dossier: received() },
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.erreur.champs[0].champ).toBe('dossier.territories.0');
    const wordOne = await api('POST', '/demarches-simplifiees/dossiers', {
      as: instructeur,
      body: { numero: '18734565', dossier: validSubmissionFixture({ dispositifCode: '1.1', territory: 'boulonnais' }) },
    });
    expect(wordOne.status).toBe(422);
    expect(wordOne.body.erreur.champs[0]).toMatchObject({ champ: 'dispositifCode', code: 'DISPOSITIF_FILED_ELSEWHERE' });
    const byPorteur = await api('POST', '/demarches-simplifiees/dossiers', {
      as: porteur,
      body: { numero: '18734566', dossier: received() },
    });
    expect(byPorteur.status).toBe(403);
  });
});

/**
 * Porteur account requests through the local platform's HTTP API (real DynamoDB, SES; the
 * account directory the platform uses locally): anyone asks, the instructing services list and
 * open or refuse; nothing twice — asking again, opening twice or at once; the invitation email
 * once; refusals name the field, in French, and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalUserDirectory } from '#infra/local/oidc/users.ts';
import { startPlatform, type Platform } from '#infra/local/platform.ts';

const INSTRUCTOR = 'service-instructeur:instr-comptes:arrageois';
const request = {
  structure: 'Association Les Jardins du Ternois',
  siret: '44306184100047',
  nom: 'Camille Martin',
  courriel: 'Camille.Martin@jardins-ternois.fr',
  message: 'Nous souhaitons répondre au dispositif 1.1.',
};

describe('account requests through the API', { timeout: 120_000 }, () => {
  let platform: Platform;
  const users = new LocalUserDirectory();

  beforeAll(async () => {
    platform = await startPlatform({ startAt: new Date('2026-03-02T08:00:00Z'), tickMs: 100, users });
  }, 60_000);
  afterAll(() => platform?.stop());

  const call = async (method: string, path: string, identity?: string, body?: unknown) => {
    const response = await fetch(`${platform.api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(identity ? { 'x-identite': identity } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const invitations = async () =>
    (
      (await (await fetch(`${platform.ses}/store`)).json()) as {
        emails: { destination: { to: string[] }; subject: string; body: { text: string } }[];
      }
    ).emails.filter((e) => e.subject.startsWith('Votre accès'));

  it('refuses a bad request field by field, in French, and records nothing', async () => {
    const bad = await call('POST', '/demandes-de-compte', undefined, {
      ...request,
      siret: '44306184100048',
      courriel: 'pas-une-adresse',
      inconnu: 1,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.erreur.champs.map((c: { champ: string }) => c.champ).sort()).toEqual(['courriel', 'inconnu', 'siret'].sort());
    expect(bad.body.erreur.champs.find((c: { champ: string }) => c.champ === 'siret').message).toContain('SIRET');
    expect((await call('GET', '/demandes-de-compte', INSTRUCTOR)).body.demandes).toEqual([]);
  });

  it('records a request from anyone (no identity), once: asking again finds it', async () => {
    const first = await call('POST', '/demandes-de-compte', undefined, request);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ statut: 'en-attente', message: expect.stringContaining('n’est pas automatique') });
    const again = await call('POST', '/demandes-de-compte', undefined, { ...request, courriel: request.courriel.toUpperCase() });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const list = await call('GET', '/demandes-de-compte', INSTRUCTOR);
    expect(list.body.demandes).toEqual([
      expect.objectContaining({ id: first.body.id, siret: request.siret, courriel: request.courriel.toLowerCase(), statut: 'en-attente' }),
    ]);
  });

  it('lets only the instructing services list and open requests', async () => {
    expect((await call('GET', '/demandes-de-compte')).status).toBe(401);
    expect((await call('GET', '/demandes-de-compte', 'porteur:quelquun')).status).toBe(403);
    expect((await call('GET', '/demandes-de-compte', 'secretariat-cp:cp')).status).toBe(403);
    const id = (await call('GET', '/demandes-de-compte', INSTRUCTOR)).body.demandes[0].id;
    expect((await call('POST', `/demandes-de-compte/${id}/ouverture`, 'porteur:quelquun')).status).toBe(403);
    expect((await call('POST', '/demandes-de-compte/inconnue/ouverture', INSTRUCTOR)).status).toBe(404);
  });

  it('opens the account once, even asked five times at once: one account tied to the SIRET, one invitation', async () => {
    const id = (await call('GET', '/demandes-de-compte', INSTRUCTOR)).body.demandes[0].id;
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', `/demandes-de-compte/${id}/ouverture`, INSTRUCTOR)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    for (const a of answers)
      expect(a.body).toMatchObject({
        statut: 'ouverte',
        identifiant: request.courriel.toLowerCase(),
        traitePar: 'service-instructeur:instr-comptes',
      });
    const user = users.get(request.courriel)!;
    expect(user.groups).toEqual(['porteur']);
    expect(user.attributes['custom:siret']).toBe(request.siret);
    await platform.tick();
    const sent = await invitations();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.destination.to).toEqual([request.courriel.toLowerCase()]);
    const password = /Mot de passe provisoire : (\S+)/.exec(sent[0]!.body.text)?.[1];
    expect(users.authenticate(request.courriel, password!)).toBeDefined();
    expect(sent[0]!.body.text).toContain(`Connectez-vous sur ${platform.api}/console/`);
    expect((await call('GET', '/demandes-de-compte', INSTRUCTOR)).body.demandes).toEqual([]);
    // Final: neither refused afterwards nor asked again.
    expect((await call('POST', `/demandes-de-compte/${id}/refus`, INSTRUCTOR, { motif: 'Trop tard pour refuser.' })).status).toBe(409);
    expect((await call('POST', '/demandes-de-compte', undefined, request)).status).toBe(409);
  });

  it('refuses a request with its reason; the same person may ask again', async () => {
    const other = { ...request, courriel: 'direction@jardins-ternois.fr' };
    const id = (await call('POST', '/demandes-de-compte', undefined, other)).body.id;
    const noReason = await call('POST', `/demandes-de-compte/${id}/refus`, INSTRUCTOR, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.erreur.champs[0].champ).toBe('motif');
    const refused = await call('POST', `/demandes-de-compte/${id}/refus`, INSTRUCTOR, { motif: 'Structure hors du Pas-de-Calais.' });
    expect(refused.body).toMatchObject({ statut: 'refusee', motif: 'Structure hors du Pas-de-Calais.' });
    expect((await call('POST', `/demandes-de-compte/${id}/ouverture`, INSTRUCTOR)).status).toBe(409);
    const again = await call('POST', '/demandes-de-compte', undefined, other);
    expect(again.status).toBe(201);
    expect(again.body.statut).toBe('en-attente');
  });

  it('ties a porteur to its SIRET: a porteur whose identity carries one files only for that structure', async () => {
    const { validSubmissionFixture } = await import('#test/support/fixtures/submission.ts');
    const submission = validSubmissionFixture();
    const response = await fetch(`${platform.api}/dossiers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-identite': 'porteur:p-siret:73282932000074',
        'idempotency-key': 'siret-check-0001',
      },
      body: JSON.stringify(submission),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as any;
    expect(body.erreur.champs).toEqual([{ champ: 'porteur.siret', message: expect.stringContaining('73282932000074') }]);
  });
});

/**
 * The rules of the call the API enforces around a dossier's life, through the API handler on the
 * real local platform: the public reference data, the publics shown to the instructor, an avenant
 * bound by the call's end, the comité date taken as a Paris day, and the participants of an
 * operation on several territories sent to each territory's MDS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '#domain/catalog/index.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { apiClient, type Api } from '#test/support/api-client.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
let api: Api;
/** 1.1 on the Arrageois and the Ternois, serving RSA beneficiaries and people with a disability too; in execution. */
let several: DossierRecord;
const porteur = { porteur: 'porteur-several' } as const;
const instructeur = { role: 'service-instructeur', territory: 'arrageois' } as const;

async function toExecution(d: DossierRecord) {
  await h.act(d.id, 'completeness-check', 'complete');
  await h.act(d.id, 'chief-validation', 'approve');
  await h.act(d.id, 'cp-decision', 'favourable', { amountCents: 3_000_000, cpDate: h.today(), deliberationNumber: `CP-${d.reference}` });
  await h.act(d.id, 'convention-signature', 'signed', { signedOn: h.today() });
  expect((await h.dossier(d.id)).status).toBe('in-execution');
}

async function emailsOf(dossierId: string, kind: string) {
  return (await h.emails(dossierId)).filter((e) => e.kind === kind);
}

beforeAll(async () => {
  h = await startHarness('2026-03-02');
  api = apiClient(h.platform.deps);
  several = await h.submit({
    dispositifCode: '1.1',
    territory: 'arrageois',
    porteurId: porteur.porteur,
    mutate: (s) => {
      s.territories = ['arrageois', 'ternois'];
      s.publics = ['beneficiaires-rsa', 'personnes-handicapees'];
    },
  });
  await toExecution(several);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('GET /referentiel', () => {
  it('is public reference data: answered without identity, with each dispositif’s closing date, contact, publics, perimeter and channel', async () => {
    const res = await api('GET', '/referentiel', { as: 'anonymous' });
    expect(res.status).toBe(200);
    const d211 = res.body.dispositifs.find((d: { code: string }) => d.code === '2.11');
    expect(d211).toMatchObject({
      canal: 'spslh-word',
      dateCloture: '2026-09-15',
      contact: { courriel: 'spslh@pasdecalais.fr' },
      publics: ['professionnels-intervenant-a-domicile'],
      perimetre: catalog.territories.map((t) => t.code),
    });
    expect(d211.valeursParDefaut).toContain('closesOn');
    expect(res.body.canaux.find((c: { code: string }) => c.code === 'spslh-word').commentDeposer).toContain('spslh@pasdecalais.fr');
    expect(res.body.publics.find((p: { code: string }) => p.code === 'professionnels-intervenant-a-domicile')).toMatchObject({
      prioritaire: false,
    });
    expect(res.body.charteCommunication.adresse).toBe('https://www.pasdecalais.fr/Partenaires/Contreparties-communication');
  });

  it('other routes still want an identity', async () => {
    expect((await api('GET', '/taches', { as: 'anonymous' })).status).toBe(401);
    expect((await api('GET', `/dossiers/${several.id}`, { as: 'anonymous' })).status).toBe(401);
  });
});

describe('publics beyond the dispositif’s own', () => {
  it('are accepted, and shown to the instructor on the dossier and on its task', async () => {
    const extra = await h.submit({ mutate: (s) => (s.publics = ['beneficiaires-rsa', 'gens-du-voyage']) });
    const dossier = await api('GET', `/dossiers/${extra.id}`, { as: { role: 'service-instructeur', territory: extra.territory } });
    expect(dossier.status).toBe(200);
    expect(dossier.body.publicsHorsDispositif).toEqual(['gens-du-voyage']);
    const taskId = workflowOf(await h.dossier(extra.id)).steps['completeness-check']?.taskId;
    const task = await api('GET', `/taches/${taskId}`, { as: { role: 'service-instructeur', territory: extra.territory } });
    expect(task.body.dossier.publicsHorsDispositif).toEqual(['gens-du-voyage']);
  });
});

describe('avenants', () => {
  it('refuses an avenant moving the end past the call’s 31 December 2027, naming the field in French, and queues nothing', async () => {
    const before = workflowOf(await h.dossier(several.id)).events.length;
    const res = await api('POST', `/dossiers/${several.id}/avenants`, {
      as: porteur,
      body: { objet: 'Prolonger l’opération', nouvelleDateFin: '2029-06-30', justificationAlea: 'Incendie des locaux de la structure' },
    });
    expect(res.status).toBe(422);
    expect(res.body.erreur.champs).toEqual([
      {
        champ: 'nouvelleDateFin',
        code: 'AVENANT_ENDS_TOO_LATE',
        message:
          "Un avenant ne peut pas reporter la fin de l'opération au-delà du 31 décembre 2027 : les opérations de l'appel à projets se clôturent au plus tard à cette date.",
      },
    ]);
    expect(workflowOf(await h.dossier(several.id)).events).toHaveLength(before);
  });
});

describe('participants of an operation on several territories', () => {
  it('the J-8 notice names the MDS of each territory', async () => {
    const res = await api('POST', `/dossiers/${several.id}/comites`, { as: instructeur, body: { date: '2026-06-15' } });
    expect(res.status).toBe(202);
    await h.settle();
    const [notice] = await emailsOf(several.id, 'participant-list-notice');
    for (const code of ['arrageois', 'ternois']) expect(notice!.text).toContain(catalog.territoryByCode(code)!.mds.email);
  });

  it('a participant without its territory is refused, naming the field', async () => {
    const res = await api('POST', `/dossiers/${several.id}/participants`, {
      as: porteur,
      body: { comiteDate: '2026-06-15', entrees: [{ prenom: 'Camille', nom: 'Martin', dateEntree: '2026-05-04' }], sorties: [] },
    });
    expect(res.status).toBe(422);
    expect(res.body.erreur.champs).toEqual([
      {
        champ: 'entrees.0.territoire',
        message: 'territoire obligatoire : l’opération se déroule sur plusieurs territoires (arrageois, ternois)',
      },
    ]);
    expect(await emailsOf(several.id, 'participant-list')).toEqual([]);
  });

  it('each territory’s MDS is sent the entries and exits of its own territory', async () => {
    const res = await api('POST', `/dossiers/${several.id}/participants`, {
      as: porteur,
      body: {
        comiteDate: '2026-06-15',
        entrees: [
          { prenom: 'Camille', nom: 'Martin', dateEntree: '2026-05-04', territoire: 'arrageois' },
          { prenom: 'Yanis', nom: 'Lefebvre', dateEntree: '2026-05-18', territoire: 'ternois' },
        ],
        sorties: [{ prenom: 'Inès', nom: 'Dubois', dateSortie: '2026-05-29', motifSortie: 'emploi-durable', territoire: 'ternois' }],
      },
    });
    expect(res.status).toBe(202);
    expect(res.body.mds).toEqual([
      { territoire: 'arrageois', nom: catalog.territoryByCode('arrageois')!.mds.name, entrees: 1, sorties: 0 },
      { territoire: 'ternois', nom: catalog.territoryByCode('ternois')!.mds.name, entrees: 1, sorties: 1 },
    ]);
    const lists = await emailsOf(several.id, 'participant-list');
    const to = (code: string) => lists.find((e) => e.to.includes(catalog.territoryByCode(code)!.mds.email))!;
    expect(lists).toHaveLength(2);
    expect(to('arrageois').text).toContain('Camille');
    expect(to('arrageois').text).not.toContain('Yanis');
    expect(to('arrageois').text).not.toContain('Inès');
    expect(to('ternois').text).toContain('Yanis');
    expect(to('ternois').text).toContain('Inès');
    expect(to('ternois').text).not.toContain('Camille');
  });
});

describe('an operation on several territories', () => {
  const ternois = { role: 'service-instructeur', territory: 'ternois' } as const;
  it('is seen by the services of each of its territories, and listed for them', async () => {
    const res = await api('GET', `/dossiers/${several.id}`, { as: ternois });
    expect(res.status).toBe(200);
    expect(res.body.territoires).toEqual(['arrageois', 'ternois']);
    const listed = await api('GET', `/dossiers?dispositif=1.1&statut=in-execution`, {
      as: { role: 'chef-slai-slisl', territory: 'ternois' },
    });
    expect(listed.body.dossiers.map((d: { id: string }) => d.id)).toContain(several.id);
    expect((await api('GET', `/dossiers/${several.id}`, { as: { role: 'service-instructeur', territory: 'calaisis' } })).status).toBe(404);
  });

  it('is instructed by its first territory’s service only: another territory’s may not schedule its comités', async () => {
    const res = await api('POST', `/dossiers/${several.id}/comites`, { as: ternois, body: { date: '2026-09-15' } });
    expect(res.status).toBe(403);
    expect(res.body.erreur.message).toContain('arrageois');
  });
});

describe('comité dates', () => {
  it('are compared with the Paris day: at 00:30 in Paris (22:30 UTC the day before) that day is no longer to come', async () => {
    await h.advanceTo('2026-06-10');
    h.clock.set(new Date('2026-06-10T22:30:00Z')); // 11 June, 00:30 in Paris
    const today = await api('POST', `/dossiers/${several.id}/comites`, { as: instructeur, body: { date: '2026-06-11' } });
    expect(today.status).toBe(422);
    expect(today.body.erreur).toMatchObject({ code: 'date-passee', champs: [{ champ: 'date', message: 'date à venir attendue' }] });
    const tomorrow = await api('POST', `/dossiers/${several.id}/comites`, { as: instructeur, body: { date: '2026-06-12' } });
    expect(tomorrow.status).toBe(202);
  });
});

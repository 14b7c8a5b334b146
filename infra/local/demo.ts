/**
 * The demo campaign (`npm run demo`, or `npm start -- --demo`): a realistic campaign played
 * through the public HTTP API only — porteurs filing, instructors deciding from their inboxes, a
 * Commission Permanente session, conventions, comités with their J-8 notices (one operation on two
 * territories: each MDS gets its own participants), one axe 5 dossier co-funded by the FTJ, one
 * serving a public beyond its dispositif's, a Word dossier (2.11) filed through the filing space the
 * SPSLH opened for its porteur and a Démarches simplifiées dossier (3.7) registered by its
 * instructing service — both to closure —, bilans evaluated against their convention's indicators
 * (one porteur proposed its own when filing), one porteur late with its annual documents
 * (suspension, then lifted by the service with its reason), the service's discretion (an
 * extension, a suspension waived, a control whose unfounded pieces have a part of the sums paid
 * reclaimed), one bilan missed (the reimbursement demand prepared, validated by the service), one
 * whose demand the service delays (the bilan then filed), the rest closed — with the platform
 * clock moved through the local time-travel route. It ends
 * with a summary: dossiers by final state, emails sent by kind, envelope used per dispositif.
 */
import { catalog } from '#domain/catalog/index.ts';
import { ANNUAL_DOCUMENT_KEYS } from '#domain/notifications/index.ts';
import { withSiretCheckDigit } from '#domain/submission/index.ts';
import { sampleBilan, validSubmissionFixture } from './sample-dossier.ts';
import { IDENTITY_HEADER } from './http-api-server.ts';

export const DEMO_START_DATE = '2026-03-02';
export const DEMO_SIZE = 30;

export interface DemoSummary {
  dossiers: number;
  /** Who is who in the campaign, by position (the scenario's roles are positions: see below). */
  cast: { id: string; reference: string; porteurEmail: string; territory: string; territories: string[]; dispositif: string }[];
  byStatus: Record<string, number>;
  emailsByKind: Record<string, number>;
  envelopes: { dispositif: string; envelopeCents: number; committedCents: number }[];
  /** A bilan evaluated against its indicators: the dispositif's and the one its porteur proposed. */
  evaluation: { reference: string; rows: { code: string; label: string; target: number; achieved: number; percent?: number }[] };
  emailViewer: string;
}

interface Call {
  status: number;
  body: any;
}

/** The roles of the campaign, chosen by position (see the scenario below). */
export const DEMO_ROLES = {
  askedComplements: [2, 7, 12],
  neverSendsComplements: 12,
  rejected: [9, 19],
  unfavourable: 14,
  adjourned: 24,
  lateAnnualDocuments: 5,
  missesBilan: 29,
  /** Misses its bilan too; the service delays the reimbursement demand, and the bilan comes. */
  bilanDelayed: 28,
  /** The service extends its annual documents' deadline. */
  annualDocumentsExtended: 6,
  /** The service waives the suspension of a fiscal year before it falls. */
  suspensionWaived: 8,
  /** A control on site finds unfounded pieces: a part of the sums paid reclaimed. */
  controlled: 1,
  slowInstruction: 3,
  avenantRefused: 10,
  avenantAccepted: 11,
  /** Co-funded by the FTJ rather than FSE+ (axe 5: « conjointement à l'appel à projets FSE+/FTJ »). */
  ftjCofunded: 4,
  /** Runs on two territories: each MDS gets the participants of its own. */
  severalTerritories: 15,
  /** Serves a public beyond its dispositif's own (« prioritairement »): accepted, shown to the instructor. */
  publicBeyondDispositif: 20,
  /** Proposes an indicator of its own when filing: its bilan is evaluated against it and the dispositif's (shown in the summary). */
  proposesIndicator: 0,
  /** 2.11, a Word dossier: filed by its porteur through the individual filing space the SPSLH opened for it. */
  wordChannel: DEMO_SIZE,
  /** 3.7, received on Démarches simplifiées: registered by the instructing service with its number. */
  demarchesSimplifiees: DEMO_SIZE + 1,
} as const;
const {
  askedComplements: ASKED_COMPLEMENTS,
  neverSendsComplements: NEVER_SENDS_COMPLEMENTS,
  rejected: REJECTED,
  unfavourable: UNFAVOURABLE,
  adjourned: ADJOURNED,
  lateAnnualDocuments: LATE_ANNUAL_DOCUMENTS,
  missesBilan: MISSES_BILAN,
  bilanDelayed: BILAN_DELAYED,
  annualDocumentsExtended: ANNUAL_DOCUMENTS_EXTENDED,
  suspensionWaived: SUSPENSION_WAIVED,
  controlled: CONTROLLED,
  slowInstruction: SLOW_INSTRUCTION,
  avenantRefused: AVENANT_REFUSED,
  avenantAccepted: AVENANT_ACCEPTED,
  ftjCofunded: FTJ_COFUNDED,
  severalTerritories: SEVERAL_TERRITORIES,
  publicBeyondDispositif: PUBLIC_BEYOND_DISPOSITIF,
} = DEMO_ROLES;

export async function runDemo(options: {
  api: string;
  ses: string;
  log?: (line: string) => void;
  /** Runs before the summary is read back (a test lets the outbox drain first, so the summary counts every email it then sees). */
  beforeSummary?: () => Promise<void>;
}): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const call = async (
    method: string,
    path: string,
    identity: string | undefined,
    body?: unknown,
    expected: number[] = [200, 201, 202],
  ): Promise<Call> => {
    const response = await fetch(`${options.api}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(identity ? { [IDENTITY_HEADER]: identity } : {}),
        ...(method === 'POST' && path === '/dossiers'
          ? {
              'idempotency-key': `demo-${(body as { porteur: { siret: string } }).porteur.siret}-${(body as { dispositifCode: string }).dispositifCode}`,
            }
          : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!expected.includes(response.status)) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 500)}`);
    return { status: response.status, body: parsed };
  };
  const travelTo = async (date: string) => {
    const now = await call('GET', '/_local/horloge', undefined);
    if (now.body.jour >= date) return;
    await call('POST', '/_local/horloge', undefined, { date });
    log(`  … ${date}`);
  };
  const clock = await call('GET', '/_local/horloge', undefined);
  if (clock.body.jour > DEMO_START_DATE)
    throw new Error(
      `the demo starts on ${DEMO_START_DATE}; this platform is already on ${clock.body.jour} (start a fresh one: npm run demo)`,
    );
  await travelTo(DEMO_START_DATE);

  // Thirty dossiers across the five axes and the nine territories, filed through E-partenaire.
  const byAxe = [1, 2, 3, 4, 5].map((axe) => catalog.dispositifs.filter((d) => d.axe === axe && d.channel === 'e-partenaire'));
  const picks: { dispositif: string; territory: string }[] = [];
  for (let i = 0; picks.length < DEMO_SIZE; i++) {
    const list = byAxe[i % 5]!;
    const dispositif = list[Math.floor(i / 5) % list.length]!;
    const wanted = catalog.territories[i % catalog.territories.length]!.code;
    picks.push({ dispositif: dispositif.code, territory: dispositif.perimeter.includes(wanted) ? wanted : dispositif.perimeter[0]! });
  }
  const dossiers: {
    id: string;
    porteur: string;
    territory: string;
    territories: string[];
    dispositif: string;
    reference: string;
    porteurEmail: string;
  }[] = [];
  log(`Dépôt de ${DEMO_SIZE} dossiers…`);
  for (const [i, pick] of picks.entries()) {
    const body = validSubmissionFixture({ dispositifCode: pick.dispositif, territory: pick.territory });
    body.porteur.name = `Structure d’insertion n° ${i + 1}`;
    body.porteur.contactEmail = `contact@structure-${i + 1}.example.org`;
    body.participantsPlanned = 20 + i;
    if (i === LATE_ANNUAL_DOCUMENTS) body.porteur.fiscalYearEnd = '06-30';
    if (i === DEMO_ROLES.proposesIndicator) body.indicators = [{ name: 'Ateliers collectifs tenus', target: 12 }];
    if (i === FTJ_COFUNDED)
      for (const r of body.budget.resources)
        if (r.source === 'fse') Object.assign(r, { source: 'ftj', label: 'Fonds pour une transition juste' });
    if (i === SEVERAL_TERRITORIES)
      body.territories.push(catalog.dispositifByCode(pick.dispositif)!.perimeter.find((t) => t !== pick.territory)!);
    if (i === PUBLIC_BEYOND_DISPOSITIF)
      body.publics.push(body.publics.includes('beneficiaires-rsa') ? 'difficultes-logement' : 'beneficiaires-rsa');
    const porteur = `porteur:structure-${i + 1}`;
    const res = await call('POST', '/dossiers', porteur, body);
    dossiers.push({
      id: res.body.id,
      porteur,
      territory: pick.territory,
      territories: body.territories,
      dispositif: pick.dispositif,
      reference: res.body.reference,
      porteurEmail: body.porteur.contactEmail,
    });
  }
  const instructeur = (t: string) => `service-instructeur:instructeur-${t}:${t}`;

  log('Dispositifs hors E-partenaire : un dossier Word (2.11) par son espace de dépôt, un dossier Démarches simplifiées (3.7)…');
  const outsideFixture = (dispositifCode: string, territory: string, n: number) => {
    const body = validSubmissionFixture({ dispositifCode, territory });
    body.porteur.name = `Structure d’insertion n° ${n}`;
    body.porteur.siret = withSiretCheckDigit(`44200000000${String(n).padStart(2, '0')}`);
    body.porteur.contactEmail = `contact@structure-${n}.example.org`;
    return body;
  };
  const word = outsideFixture('2.11', 'arrageois', DEMO_SIZE + 1);
  // The porteur wrote to spslh@pasdecalais.fr; the SPSLH opens its filing space, whose link is emailed.
  const invitation = await call('POST', '/invitations-depot', 'service-instructeur:spslh:departement', {
    dispositifCode: '2.11',
    porteur: { nom: word.porteur.name, siret: word.porteur.siret, courriel: word.porteur.contactEmail },
  });
  const wordPorteur = `porteur:structure-${DEMO_SIZE + 1}:${word.porteur.siret}`;
  const filedWord = await call('POST', `/invitations-depot/${invitation.body.id}/dossier`, wordPorteur, word);
  const ds = outsideFixture('3.7', 'boulonnais', DEMO_SIZE + 2);
  const registered = await call('POST', '/demarches-simplifiees/dossiers', instructeur('boulonnais'), { numero: '18734562', dossier: ds });
  for (const [res, body, porteur] of [
    [filedWord, word, wordPorteur],
    [registered, ds, `porteur:structure-${DEMO_SIZE + 2}:${ds.porteur.siret}`],
  ] as const)
    dossiers.push({
      id: res.body.id,
      porteur,
      territory: body.territories[0]!,
      territories: body.territories,
      dispositif: body.dispositifCode,
      reference: res.body.reference,
      porteurEmail: body.porteur.contactEmail,
    });

  const chef = (t: string) => `chef-slai-slisl:chef-${t}:${t}`;
  const secretariat = 'secretariat-cp:secretariat-cp';
  /** The workflow moves on its own, a moment after each call: the task is awaited in the inbox. */
  const taskOf = async (identity: string, dossierId: string, step: string) => {
    for (const until = Date.now() + 15_000; ; ) {
      const inbox = await call('GET', '/taches', identity);
      const task = (inbox.body.taches as { id: string; dossierId: string; etape: string }[]).find(
        (t) => t.dossierId === dossierId && t.etape === step,
      );
      if (task) return task.id;
      if (Date.now() > until) throw new Error(`no ${step} task for ${dossierId} in the inbox of ${identity}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const decide = async (identity: string, dossierId: string, step: string, decision: string, details?: unknown) =>
    call('POST', `/taches/${await taskOf(identity, dossierId, step)}/decision`, identity, {
      decision,
      ...(details === undefined ? {} : { details }),
    });

  await travelTo('2026-03-03');
  // The filing space's email belongs to no dossier's timeline: the invitation tells whether it was sent (before its retention ends).
  const invitationEmail = (await call('GET', `/invitations-depot/${invitation.body.id}`, wordPorteur)).body.courriel?.statut as string;
  log('Instruction : complétude, compléments, validation par les chefs de SLAI/SLISL…');
  for (const [i, d] of dossiers.entries()) {
    if (i === SLOW_INSTRUCTION) continue;
    if ((ASKED_COMPLEMENTS as readonly number[]).includes(i))
      await decide(instructeur(d.territory), d.id, 'completeness-check', 'ask-complements', {
        complements: ['Attestation CAF des participants', 'Budget prévisionnel signé'],
      });
    else await decide(instructeur(d.territory), d.id, 'completeness-check', 'complete');
  }
  await travelTo('2026-03-06');
  for (const i of ASKED_COMPLEMENTS.filter((i) => i !== NEVER_SENDS_COMPLEMENTS)) {
    const d = dossiers[i]!;
    await call('POST', `/dossiers/${d.id}/complements`, d.porteur);
    await decide(instructeur(d.territory), d.id, 'completeness-check', 'complete');
  }
  for (const [i, d] of dossiers.entries()) {
    if (i === NEVER_SENDS_COMPLEMENTS || i === SLOW_INSTRUCTION) continue;
    if ((REJECTED as readonly number[]).includes(i))
      await decide(chef(d.territory), d.id, 'chief-validation', 'reject', {
        reason: 'Le public visé ne relève pas des publics prioritaires du dispositif.',
      });
    else await decide(chef(d.territory), d.id, 'chief-validation', 'approve');
  }
  // Overdue since 18 March (escalated that day), decided before its next escalation on the 25th.
  await travelTo('2026-03-22');
  const slow = dossiers[SLOW_INSTRUCTION]!;
  await decide(instructeur(slow.territory), slow.id, 'completeness-check', 'complete');
  await decide(chef(slow.territory), slow.id, 'chief-validation', 'approve');

  await travelTo('2026-04-10');
  log('Commission Permanente du 10 avril 2026…');
  const ready = await call('GET', '/commission-permanente/preparation', secretariat);
  const decisions = (ready.body.dossiers as { dossierId: string; montantDemandeCents: number }[]).map((r) => {
    const i = dossiers.findIndex((d) => d.id === r.dossierId);
    if (i === UNFAVOURABLE)
      return { dossierId: r.dossierId, avis: 'unfavourable', motif: 'Le projet recoupe une action déjà financée sur le territoire.' };
    if (i === ADJOURNED) return { dossierId: r.dossierId, avis: 'adjourned', prochaineSeance: '2026-05-15' };
    return { dossierId: r.dossierId, avis: 'favourable', montantCents: r.montantDemandeCents };
  });
  await call('POST', '/commission-permanente/seances', secretariat, {
    date: '2026-04-10',
    numeroDeliberation: 'CP-2026-04-10-01',
    decisions,
  });
  const signAll = async (ids: string[], on: string) => {
    for (const id of ids) {
      const d = dossiers.find((x) => x.id === id)!;
      await decide(instructeur(d.territory), d.id, 'convention-signature', 'signed', { signedOn: on });
    }
  };
  await travelTo('2026-04-20');
  await signAll(
    decisions.filter((x) => x.avis === 'favourable').map((x) => x.dossierId),
    '2026-04-20',
  );
  await travelTo('2026-05-15');
  const adjourned = dossiers[ADJOURNED]!;
  const requested = (await call('GET', `/dossiers/${adjourned.id}`, adjourned.porteur)).body.montants.requestedCents as number;
  await call('POST', '/commission-permanente/seances', secretariat, {
    date: '2026-05-15',
    numeroDeliberation: 'CP-2026-05-15-01',
    decisions: [{ dossierId: adjourned.id, avis: 'favourable', montantCents: requested }],
  });
  await travelTo('2026-05-20');
  await signAll([adjourned.id], '2026-05-20');

  const running = [];
  for (const d of dossiers) if ((await call('GET', `/dossiers/${d.id}`, d.porteur)).body.statut === 'in-execution') running.push(d);
  log(`Exécution : ${running.length} opérations, comités de suivi du 15 juin 2026 (avis J-8 aux porteurs)…`);
  for (const d of running) await call('POST', `/dossiers/${d.id}/comites`, instructeur(d.territory), { date: '2026-06-15' });
  await travelTo('2026-06-02');
  for (const d of running) {
    // On several territories, each participant names the territory whose MDS is owed it.
    const [first, second = first] = d.territories.length > 1 ? d.territories : [undefined];
    const of = (territoire: string | undefined) => (territoire ? { territoire } : {});
    await call('POST', `/dossiers/${d.id}/participants`, d.porteur, {
      comiteDate: '2026-06-15',
      entrees: [
        { prenom: 'Camille', nom: 'Martin', dateEntree: '2026-05-04', ...of(first) },
        { prenom: 'Yanis', nom: 'Lefebvre', dateEntree: '2026-05-18', ...of(second) },
      ],
      sorties: [{ prenom: 'Inès', nom: 'Dubois', dateSortie: '2026-05-29', motifSortie: 'emploi-durable', ...of(second) }],
    });
  }
  await travelTo('2026-06-16');
  for (const d of running)
    await call('POST', `/dossiers/${d.id}/comites/2026-06-15/compte-rendu`, instructeur(d.territory), {
      compteRendu: 'Comité tenu : accompagnement conforme, 2 entrées et 1 sortie en emploi durable.',
    });

  log('Avenants : un refusé (changement de période sans aléa majeur), un accepté…');
  const refused = dossiers[AVENANT_REFUSED]!;
  await call('POST', `/dossiers/${refused.id}/avenants`, refused.porteur, {
    objet: 'Prolonger l’opération de deux mois',
    nouvelleDateFin: '2027-05-31',
    justificationAlea: 'Retard de recrutement de l’accompagnateur.',
  });
  await decide(instructeur(refused.territory), refused.id, 'avenant-review', 'refuse', {
    reason: 'Un retard de recrutement n’est pas un aléa majeur et exceptionnel.',
  });
  const accepted = dossiers[AVENANT_ACCEPTED]!;
  await call('POST', `/dossiers/${accepted.id}/avenants`, accepted.porteur, {
    objet: 'Déplacer les ateliers collectifs vers la nouvelle antenne de la structure',
  });
  await decide(instructeur(accepted.territory), accepted.id, 'avenant-review', 'accept');

  log('Documents annuels : un porteur en retard (versements suspendus, puis rétablis par le service)…');
  await travelTo('2027-01-05');
  const late = dossiers[LATE_ANNUAL_DOCUMENTS]!;
  await travelTo('2027-01-20');
  await call('POST', `/dossiers/${late.id}/suspension/levee`, instructeur(late.territory), {
    motif: 'Documents annuels de l’exercice reçus par courrier le 18 janvier 2027.',
  });
  // Sent by mail to the service gestionnaire (the call): the service records the five documents received.
  await call('POST', `/dossiers/${late.id}/documents-annuels`, instructeur(late.territory), {
    exercice: 2026,
    documents: ANNUAL_DOCUMENT_KEYS,
  });

  log('Le pouvoir d’appréciation du service : un délai accordé, une suspension écartée, un contrôle sur place…');
  const extended = dossiers[ANNUAL_DOCUMENTS_EXTENDED]!;
  await call('POST', `/dossiers/${extended.id}/delais`, instructeur(extended.territory), {
    obligation: 'annual-documents',
    exercice: 2026,
    nouvelleDate: '2027-09-30',
    motif: 'Rapport du commissaire aux comptes attendu en septembre (courrier du 15 janvier).',
  });
  const waived = dossiers[SUSPENSION_WAIVED]!;
  await call('POST', `/dossiers/${waived.id}/suspension/levee`, instructeur(waived.territory), {
    exercice: 2027,
    motif: 'Circonstance exceptionnelle : changement de commissaire aux comptes annoncé par la structure.',
  });
  const controlled = dossiers[CONTROLLED]!;
  const control = await call('POST', `/dossiers/${controlled.id}/controles`, instructeur(controlled.territory), {
    type: 'sur-place',
    date: '2027-01-19',
    constats: 'Feuilles d’émargement des ateliers de novembre non signées : 1 500,00 € de dépenses non justifiées.',
    piecesNonFondees: true,
    montantARembourserCents: 150_000,
  });
  await call(
    'POST',
    `/dossiers/${controlled.id}/remboursements/${control.body.remboursement}/validation`,
    instructeur(controlled.territory),
  );

  log('Fin des opérations, bilans…');
  await travelTo('2027-05-10');
  for (const d of running) {
    if (d === late) continue;
    await call('POST', `/dossiers/${d.id}/documents-annuels`, instructeur(d.territory), {
      exercice: 2026,
      documents: ANNUAL_DOCUMENT_KEYS,
    });
  }
  const missing = [dossiers[MISSES_BILAN], dossiers[BILAN_DELAYED]];
  for (const d of running) {
    if (missing.includes(d)) continue;
    // Each indicator the convention fixed, achieved (one short of its target for the porteur's own), the exits by nature, the expenses paid.
    const { indicators } = (await call('GET', `/dossiers/${d.id}`, d.porteur)).body.suivi.convention;
    const bilan = sampleBilan(indicators, '2027-03-31', (i) => (i.code.startsWith('propose-') ? i.target - 2 : i.target));
    await call('POST', `/dossiers/${d.id}/bilan`, d.porteur, bilan);
  }
  await travelTo('2027-05-20');
  for (const d of running) {
    if (missing.includes(d)) continue;
    await decide(instructeur(d.territory), d.id, 'bilan-review', 'accept', {
      appreciation: 'Objectifs de la convention tenus ; sorties en emploi conformes au projet.',
    });
  }
  log('Bilans manquants : la demande de remboursement préparée, validée par le service ; une autre reportée…');
  await travelTo('2027-07-20');
  const missed = dossiers[MISSES_BILAN]!;
  await decide(instructeur(missed.territory), missed.id, 'reimbursement-review', 'validate');
  const delayed = dossiers[BILAN_DELAYED]!;
  await decide(instructeur(delayed.territory), delayed.id, 'reimbursement-review', 'delay', {
    until: '2027-08-31',
    reason: 'Le directeur de la structure annonce le bilan par courrier du 15 juillet (expert-comptable indisponible).',
  });
  await travelTo('2027-08-02');
  const { indicators } = (await call('GET', `/dossiers/${delayed.id}`, delayed.porteur)).body.suivi.convention;
  await call(
    'POST',
    `/dossiers/${delayed.id}/bilan`,
    delayed.porteur,
    sampleBilan(indicators, '2027-03-31', (i) => i.target),
  );
  await decide(instructeur(delayed.territory), delayed.id, 'bilan-review', 'accept', {
    appreciation: 'Bilan reçu dans le délai accordé ; objectifs de la convention tenus.',
  });
  await travelTo('2027-08-05');
  await options.beforeSummary?.();

  // The summary, read back through the API.
  const byStatus: Record<string, number> = {};
  const emailsByKind: Record<string, number> = {};
  const committed = new Map<string, number>();
  for (const d of dossiers) {
    const detail = (await call('GET', `/dossiers/${d.id}`, d.porteur)).body;
    byStatus[detail.statut] = (byStatus[detail.statut] ?? 0) + 1;
    // Every email of the dossier's timeline that was sent: still stored as sent, or already deleted,
    // which storage does only once a sent email's retention ran out (data/retention.json).
    const stored = new Map((detail.courriels as { cle: string; statut: string }[]).map((e) => [e.cle, e.statut]));
    for (const event of detail.historique as { type: string; donnees: { key: string; kind: string } }[]) {
      const status = event.type === 'email-queued' ? (stored.get(event.donnees.key) ?? 'sent') : undefined;
      if (status === 'sent') emailsByKind[event.donnees.kind] = (emailsByKind[event.donnees.kind] ?? 0) + 1;
    }
    if (detail.montants.grantedCents) committed.set(d.dispositif, (committed.get(d.dispositif) ?? 0) + detail.montants.grantedCents);
  }
  if (invitationEmail === 'sent') emailsByKind['filing-invitation'] = 1;
  const envelopes = [...committed]
    .sort(([a], [b]) => a.localeCompare(b, 'fr', { numeric: true }))
    .map(([code, cents]) => ({ dispositif: code, envelopeCents: catalog.dispositifByCode(code)!.envelopeCents, committedCents: cents }));
  const cast = dossiers.map(({ id, reference, porteurEmail, territory, territories, dispositif }) => ({
    id,
    reference,
    porteurEmail,
    territory,
    territories,
    dispositif,
  }));
  const evaluated = dossiers[DEMO_ROLES.proposesIndicator]!;
  const evaluation = (await call('GET', `/dossiers/${evaluated.id}`, evaluated.porteur)).body.suivi.bilan
    .evaluation as DemoSummary['evaluation']['rows'];
  const summary: DemoSummary = {
    dossiers: dossiers.length,
    cast,
    byStatus,
    emailsByKind,
    envelopes,
    evaluation: { reference: evaluated.reference, rows: evaluation },
    emailViewer: options.ses,
  };
  log(formatSummary(summary));
  return summary;
}

const euros = (cents: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);

export function formatSummary(summary: DemoSummary): string {
  const lines = [`\nBilan de la campagne (${summary.dossiers} dossiers)`, '  Dossiers par état final :'];
  for (const [status, n] of Object.entries(summary.byStatus).sort()) lines.push(`    ${status.padEnd(24)} ${n}`);
  lines.push('  Courriels envoyés par type :');
  for (const [kind, n] of Object.entries(summary.emailsByKind).sort()) lines.push(`    ${kind.padEnd(28)} ${n}`);
  lines.push('  Enveloppe engagée par dispositif :');
  for (const e of summary.envelopes)
    lines.push(`    ${e.dispositif.padEnd(5)} ${euros(e.committedCents).padStart(14)} sur ${euros(e.envelopeCents)}`);
  lines.push(`  Bilan évalué (${summary.evaluation.reference}) : objectif / réalisé par indicateur :`);
  for (const row of summary.evaluation.rows) lines.push(`    ${row.label.padEnd(28)} ${String(row.target).padStart(4)} / ${row.achieved}`);
  lines.push(`  Les courriels se lisent dans la visionneuse SES : ${summary.emailViewer}`);
  return lines.join('\n');
}

/**
 * Dossier: who, what, how much; the budget; the current task and its actions; the deadlines, met
 * or missed; the whole timeline (each transition, each decision with its author, each email with
 * its content). Reached from the inbox, from a notification's task link (#/taches/<id>) or by id.
 */
import { api, getReferentiel } from '../api.js';
import { annualDocumentsButton, decisionButton, dossierActions, porteurTaskButton } from '../actions.js';
import { h, section } from '../dom.js';
import { journeySection } from '../graph/journey.js';
import {
  auteur,
  CHAMPS_DETAILS,
  CLASSES_ECHEANCE,
  euros,
  evenement,
  FORMES_JURIDIQUES,
  instant,
  jour,
  role as roleLabel,
  SITES,
  statut,
  STATUTS_ECHEANCE,
} from '../format.js';

const SUIVI = {
  operation: 'Opération',
  complements: 'Compléments',
  commissionPermanente: 'Commission Permanente',
  convention: 'Convention',
  versements: 'Versements',
  suspension: 'Suspension des versements',
  documentsAnnuels: 'Documents annuels',
  comites: 'Comités de suivi',
  participants: 'Participants (comptés sans nom)',
  bilan: 'Bilan',
};
const KEYS = {
  startDate: 'Début',
  endDate: 'Fin',
  date: 'Date',
  cpDate: 'Date de la séance',
  deliberationNumber: 'Délibération',
  amountCents: 'Montant',
  grantedCents: 'Montant accordé',
  requestedCents: 'Montant demandé',
  paidCents: 'Montant versé',
  signedOn: 'Signée le',
  draftedOn: 'Préparée le',
  paidOn: 'Versé le',
  dueDate: 'Échéance',
  dueOn: 'Échéance',
  requestedOn: 'Demandé le',
  receivedOn: 'Reçu le',
  filedOn: 'Déposé le',
  reason: 'Motif',
  minutes: 'Compte rendu',
  percent: 'Pourcentage',
  fiscalYear: 'Exercice',
  complements: 'Pièces demandées',
  nextSessionDate: 'Prochaine séance',
  comiteDate: 'Date du comité',
  indicators: 'Indicateurs de la convention',
  period: 'Durée de la convention',
  target: 'Objectif',
  achieved: 'Réalisé',
  source: 'Proposé par',
  report: 'Bilan déposé',
  evaluation: 'Évaluation : objectif et réalisé par indicateur',
  exitsByNature: 'Sorties par nature',
  sortiesParNature: 'Sorties par nature',
  entries: 'Entrées',
  entrees: 'Entrées',
  expensesPaidCents: 'Dépenses acquittées',
  subject: 'Objet',
  to: 'Destinataires',
  kind: 'Type',
  title: 'Titre',
  step: 'Étape',
  role: 'Rôle',
  territory: 'Territoire',
  reference: 'Référence',
  dispositifCode: 'Dispositif',
  items: 'Pièces demandées',
  lifted: 'Levée',
  liftedOn: 'Levée le',
  heldOn: 'Tenu le',
  milestone: 'Jalon',
  label: 'Libellé',
  cents: 'Montant',
  participantListDue: 'Liste des participants due le',
  since: 'Depuis le',
  fiscalYears: 'Exercices en cause',
  acceptedOn: 'Accepté le',
  closedOn: 'Soldé le',
  newEndDate: 'Nouvelle date de fin',
  hazardJustification: 'Aléa invoqué',
  sessionIdCp: 'Séance',
};
/** Technical keys a person has no use for. */
const HIDDEN = new Set(['ref', 'taskId', 'key', 'sessionId', 'executionName', 'idempotencyKey']);

/** A value as a person reads it: amounts in euros, dates in French, lists and objects laid out. */
function valueNode(key, value) {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'number') return /cents$/i.test(key) ? euros(value) : String(value);
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return jour(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return instant(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    if (!['items', 'complements', 'Sites', 'Publics'].includes(key) && value.every((v) => typeof v !== 'object' || v === null))
      return value.map((v) => valueNode(key, v)).join(', ');
    return h(
      'ul',
      { class: 'liste-objets' },
      value.map((v) => h('li', {}, valueNode(key, v))),
    );
  }
  return properties(value);
}
function properties(object, labels = KEYS) {
  const entries = Object.entries(object ?? {}).filter(
    ([k, v]) => !HIDDEN.has(k) && v !== undefined && !(Array.isArray(v) && v.length === 0),
  );
  if (!entries.length) return h('p', {}, '—');
  return h(
    'dl',
    { class: 'proprietes' },
    entries.map(([k, v]) => [h('dt', {}, labels[k] ?? CHAMPS_DETAILS[k]?.libelle ?? k), h('dd', {}, valueNode(k, v))]),
  );
}

async function load(ctx) {
  if (ctx.params.tacheId) {
    const task = await api('GET', `/taches/${encodeURIComponent(ctx.params.tacheId)}`);
    return { dossier: await api('GET', `/dossiers/${encodeURIComponent(task.dossierId)}`), focusTask: task.id };
  }
  return { dossier: await api('GET', `/dossiers/${encodeURIComponent(ctx.params.dossierId)}`) };
}

export async function render(ctx) {
  const [{ dossier, focusTask }, ref] = await Promise.all([load(ctx), getReferentiel()]);
  const who = ctx.identity;
  const submission = dossier.dossier;
  const back = `/dossiers/${dossier.id}`;
  const dispositif = ref.dispositifs.find((d) => d.code === dossier.dispositif);
  const axe = ref.axes.find((a) => a.numero === dispositif?.axe);
  const territoryName = (code) =>
    ref.territoires.find((t) => t.code === code)?.nom ?? (code === 'departement' ? 'tout le département' : code);
  const publicName = (code) => ref.publics.find((p) => p.code === code)?.nom ?? code;
  const now = ctx.getLocalInfo()?.maintenant ?? new Date().toISOString();

  // The current task(s) and their actions.
  const open = dossier.taches.filter((t) => t.statut === 'open' && t.role !== 'system');
  const monitor = dossier.taches.find((t) => t.statut === 'open' && t.role === 'system');
  const taskCards = open.map((task) => {
    const step = ref.etapes[task.etape];
    const late = task.echeance < now;
    const mine = who.role === 'porteur' ? task.role === 'porteur' : task.role === who.role && task.territoire === who.territoire;
    let actions;
    if (!mine)
      actions = h(
        'p',
        {},
        `Cette tâche revient au rôle « ${roleLabel(task.role)} »${task.role === 'porteur' ? '' : ` (${territoryName(task.territoire)})`} : vous ne pouvez pas agir dessus.`,
      );
    else if (who.role === 'porteur')
      actions = h(
        'div',
        { class: 'actions' },
        porteurTaskButton(ctx, { task, dossier, back }) ?? h('p', {}, 'Cette étape se traite avec le service instructeur.'),
      );
    else
      actions = h(
        'div',
        { class: 'actions', role: 'group', 'aria-label': `Décisions possibles : ${task.titre}` },
        (step?.decisions ?? task.decisionsPossibles.map((code) => ({ code, libelle: code })))
          .filter((d) => task.decisionsPossibles.includes(d.code))
          .map((decision) => decisionButton(ctx, { task, dossier, decision, stepTitle: task.titre })),
      );
    return h(
      'div',
      { class: `carte tache-ouverte${late ? ' en-retard' : ''}`, ...(task.id === focusTask ? { 'data-tache-notifiee': 'oui' } : {}) },
      h('h3', {}, task.titre),
      h(
        'p',
        {},
        `À traiter au plus tard le ${jour(task.echeance)}`,
        late ? [' ', h('span', { class: 'badge retard' }, 'En retard')] : null,
        ` — confiée à : ${roleLabel(task.role)}${task.role === 'porteur' ? '' : ` (${territoryName(task.territoire)})`}.`,
      ),
      actions,
    );
  });
  const annual =
    who.role === 'porteur'
      ? dossier.echeances
          .filter((e) => e.type === 'annual-documents' && e.statut === 'pending')
          .map((e) =>
            h(
              'div',
              { class: 'carte' },
              h('h3', {}, `Documents annuels de l’exercice ${e.objet}`),
              h('p', {}, `À transmettre au plus tard le ${jour(e.le)}.`),
              h('div', { class: 'actions' }, annualDocumentsButton(ctx, { dossier, exercice: Number(e.objet), back })),
            ),
          )
      : [];

  // The actions on the dossier beside its tasks' decisions (js/actions.js, DOSSIER_ACTIONS): those of this role, now.
  const actions = dossierActions(ctx, { dossier, back });

  const who_ = submission.porteur;
  const qui = h(
    'div',
    { class: 'carte' },
    h('h3', {}, 'Qui'),
    properties(
      {
        'Porteur de projet': who_.name,
        SIRET: who_.siret,
        'Forme juridique': FORMES_JURIDIQUES[who_.legalForm] ?? who_.legalForm,
        Contact: who_.contactEmail,
        'Fin d’exercice': who_.fiscalYearEnd ? who_.fiscalYearEnd.split('-').reverse().join('/') : undefined,
        Sites: who_.sites?.map((site) => `${SITES[site.kind] ?? site.kind} : ${site.address}, ${site.postalCode} ${site.city}`),
      },
      {},
    ),
  );
  const quoi = h(
    'div',
    { class: 'carte' },
    h('h3', {}, 'Quoi'),
    properties(
      {
        Dispositif: `${dossier.dispositif} — ${dispositif?.titre ?? ''}`,
        Axe: axe ? `${axe.numero} — ${axe.titre}` : undefined,
        Projet: submission.project?.title,
        Résumé: submission.project?.summary,
        Territoires: (submission.territories ?? []).map(territoryName).join(', '),
        Publics: (submission.publics ?? []).map(publicName),
        'Publics hors du dispositif': (dossier.publicsHorsDispositif ?? []).map(publicName),
        Période: submission.operation
          ? `du ${jour(dossier.suivi?.operation?.startDate ?? submission.operation.startDate)} au ${jour(dossier.suivi?.operation?.endDate ?? submission.operation.endDate)}`
          : undefined,
        'Participants prévus': submission.participantsPlanned,
        'Chantier d’insertion': submission.operation?.insertionWorksite,
      },
      {},
    ),
  );
  const combien = h(
    'div',
    { class: 'carte' },
    h('h3', {}, 'Combien'),
    properties(
      {
        'Montant demandé': euros(dossier.montants.requestedCents),
        'Montant accordé': dossier.montants.grantedCents === undefined ? 'pas encore décidé' : euros(dossier.montants.grantedCents),
        'Montant versé': euros(dossier.montants.paidCents),
        'Déposé le': instant(dossier.deposeLe),
      },
      {},
    ),
  );

  const expenses = submission.budget?.expenses ?? [];
  const resources = submission.budget?.resources ?? [];
  const sum = (list) => list.reduce((s, x) => s + (x.amountCents ?? 0), 0);
  const budgetTable = (caption, rows, columns, total) =>
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c, i) => h('th', { scope: 'col', class: i === columns.length - 1 ? 'nombre' : undefined }, c)),
        ),
      ),
      h('tbody', {}, rows),
      h(
        'tfoot',
        {},
        h('tr', {}, h('th', { scope: 'row', colspan: columns.length - 1 }, 'Total'), h('td', { class: 'nombre' }, euros(total))),
      ),
    );

  const timeline = h(
    'ol',
    { class: 'historique' },
    dossier.historique.map((event) => timelineItem(event, dossier, ref)),
  );

  const echeances = dossier.echeances.filter((e) => ref.typesEcheances[e.type]);
  const subject = (e) =>
    e.type === 'annual-documents' ? `exercice ${e.objet}` : /^\d{4}-\d{2}-\d{2}$/.test(e.objet) ? `comité du ${jour(e.objet)}` : '—';
  const deadlines = echeances.length
    ? h(
        'table',
        {},
        h('caption', {}, 'Échéances du dossier'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Échéance', 'Objet', 'Date', 'Statut'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          [...echeances]
            .sort((a, b) => a.le.localeCompare(b.le))
            .map((e) =>
              h(
                'tr',
                { class: e.statut === 'missed' ? 'en-retard' : undefined },
                h('td', {}, ref.typesEcheances[e.type]?.titre ?? e.type),
                h('td', {}, subject(e)),
                h('td', {}, jour(e.le)),
                h('td', {}, h('span', { class: `badge ${CLASSES_ECHEANCE[e.statut] ?? ''}` }, STATUTS_ECHEANCE[e.statut] ?? e.statut)),
              ),
            ),
        ),
      )
    : h('p', {}, 'Aucune échéance pour l’instant.');

  const suivi = Object.entries(dossier.suivi ?? {}).filter(
    ([k, v]) =>
      k !== 'operation' &&
      v !== undefined &&
      !(Array.isArray(v) && v.length === 0) &&
      !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
  );

  return {
    title: `Dossier ${dossier.reference}`,
    content: [
      who.role === 'porteur'
        ? h('p', {}, h('a', { href: '#/mes-dossiers' }, 'Retour à mes dossiers'))
        : h('p', {}, h('a', { href: '#/taches' }, 'Retour à la boîte de réception')),
      h('h1', {}, `Dossier ${dossier.reference}`),
      h(
        'p',
        { class: 'chapo' },
        `${dossier.porteur} — « ${dossier.projet} » — `,
        h('span', { class: 'badge statut' }, statut(ref, dossier.statut)),
      ),
      section(
        'Tâche en cours',
        taskCards.length || annual.length ? [taskCards, annual] : h('p', {}, 'Aucune tâche ouverte sur ce dossier.'),
        monitor ? h('p', { class: 'aide' }, `Suivi automatique de l’opération jusqu’au ${jour(monitor.echeance)}.`) : null,
      ),
      actions.length ? section('Actions sur le dossier', actions) : null,
      section('Le dossier', h('div', { class: 'grille' }, qui, quoi, combien)),
      section(
        'Budget prévisionnel',
        h(
          'div',
          { class: 'grille' },
          budgetTable(
            'Dépenses',
            expenses.map((x) => h('tr', {}, h('td', {}, x.label), h('td', { class: 'nombre' }, euros(x.amountCents)))),
            ['Poste', 'Montant'],
            sum(expenses),
          ),
          budgetTable(
            'Ressources',
            resources.map((x) =>
              h(
                'tr',
                {},
                h('td', {}, x.label),
                h('td', {}, ref.sourcesDeFinancement[x.source] ?? x.source),
                h('td', { class: 'nombre' }, euros(x.amountCents)),
              ),
            ),
            ['Ressource', 'Source', 'Montant'],
            sum(resources),
          ),
        ),
        sum(expenses) === sum(resources)
          ? h('p', {}, 'Budget à l’équilibre.')
          : h('p', { class: 'notice alerte' }, `Budget déséquilibré : ${euros(sum(resources) - sum(expenses))}.`),
      ),
      suivi.length
        ? section(
            'Suivi de l’opération',
            suivi.map(([k, v]) => [h('h3', {}, SUIVI[k] ?? k), valueNode(k, v)]),
          )
        : null,
      // The path through the state machines beside the deadlines and the hash-chained timeline (side by side on a wide screen).
      h(
        'div',
        { class: 'cote-a-cote' },
        section('Parcours du dossier', journeySection(dossier, ref)),
        h(
          'div',
          {},
          section('Échéances', deadlines),
          section(
            'Historique',
            h(
              'p',
              {},
              dossier.historiqueIntegre
                ? 'Historique intègre : la chaîne d’empreintes de chaque événement est vérifiée.'
                : h('strong', {}, 'Attention : la vérification de la chaîne d’empreintes de l’historique a échoué.'),
            ),
            timeline,
          ),
        ),
      ),
    ],
  };
}

function timelineItem(event, dossier, ref) {
  const d = event.donnees ?? {};
  const stepTitle = (code) => ref.etapes[code]?.titre ?? code;
  const decisionLabel = (step, code) => ref.etapes[step]?.decisions.find((x) => x.code === code)?.libelle ?? code;
  let title = evenement(event.type);
  let body = null;
  let kind = '';
  switch (event.type) {
    case 'email-queued': {
      const email = dossier.courriels.find((c) => c.cle === d.key);
      title = `Courriel : « ${d.subject ?? email?.objet ?? ''} »`;
      body = [
        h(
          'p',
          {},
          `À : ${(d.to ?? email?.destinataires ?? []).join(', ')} — `,
          email
            ? email.statut === 'sent'
              ? `envoyé le ${instant(email.envoyeLe)}`
              : `en attente d’envoi (${email.tentatives} tentative${email.tentatives > 1 ? 's' : ''})`
            : 'non conservé',
        ),
        email ? h('details', {}, h('summary', {}, 'Lire le courriel'), h('pre', { class: 'courriel' }, email.texte)) : null,
      ];
      break;
    }
    case 'task-opened':
      title = `Tâche ouverte : ${d.title ?? stepTitle(d.step)}`;
      body = h(
        'p',
        {},
        `Confiée à : ${roleLabel(d.role)}${d.role === 'porteur' ? '' : ` (${d.territory})`} — à traiter au plus tard le ${jour(d.dueAt)}.`,
      );
      break;
    case 'task-decided': {
      kind = 'decision';
      title = `Décision : ${decisionLabel(d.step, d.decision)}`;
      const details = Object.fromEntries(Object.entries(d.details ?? {}).filter(([k]) => k !== 'sessionId'));
      body = [
        h('p', {}, `Tâche : ${stepTitle(d.step)}.`),
        d.comment ? h('p', {}, `Commentaire : ${d.comment}`) : null,
        Object.keys(details).length ? properties(details) : null,
      ];
      break;
    }
    case 'task-overdue':
      kind = 'retard';
      body = Object.keys(d).length ? properties(d) : null;
      break;
    default:
      if (/rejected|unfavourable|reimbursement|exceeded|suspended|incomplete|held/.test(event.type)) kind = 'retard';
      body = Object.keys(d).length
        ? properties(Object.fromEntries(Object.entries(d).filter(([k]) => !['taskId', 'key'].includes(k))))
        : null;
  }
  return h(
    'li',
    { class: kind || undefined },
    h(
      'div',
      { class: 'evenement-entete' },
      h('time', { datetime: event.le }, instant(event.le)),
      h('span', { class: 'evenement-titre' }, title),
      h('span', { class: 'evenement-auteur' }, `par ${auteur(event.par)}`),
    ),
    body,
  );
}

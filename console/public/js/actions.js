/**
 * The actions on a dossier, each behind a confirmation: an instructor's decision on its task (with
 * the details the rules require: domain/workflow/decisions.ts, served by GET /referentiel), the
 * comités of the operation, and what a porteur files (complements, bilan, annual documents, an
 * avenant request). Beside the tasks' decisions, the dossier's actions are declared in
 * DOSSIER_ACTIONS (at the end): one entry each.
 */
import { api, getLocalInfo, getReferentiel } from './api.js';
import { confirmDialog } from './dialog.js';
import { h } from './dom.js';
import { CHAMPS_DETAILS, euros, jour, jourParis, parseEuros } from './format.js';

const todayParis = () => getLocalInfo()?.jour ?? jourParis(new Date());

/** The fields a decision's details schema (JSON Schema) asks for. */
export function detailFields(schema, dossier) {
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  return Object.entries(properties)
    .filter(([name]) => name !== 'sessionId')
    .map(([name, prop]) => {
      const known = CHAMPS_DETAILS[name];
      const kind = known?.genre ?? (prop.type === 'array' ? 'lignes' : 'texte');
      let value;
      if (name === 'amountCents') value = String((dossier.montants.requestedCents ?? 0) / 100).replace('.', ',');
      else if (kind === 'date' && name !== 'nextSessionDate') value = todayParis();
      return {
        name,
        label: known?.libelle ?? name,
        help: known?.aide,
        kind,
        required: required.has(name),
        value,
        minLength: prop.minLength,
        maxLength: prop.maxLength,
        apiNames: [`details.${name}`],
      };
    });
}

/**
 * A button that opens a confirmation dialog (`dialog`: confirmDialog's options); once confirmed,
 * the page `back` is shown again with `said(result)` announced.
 */
export function confirmedActionButton(ctx, { label, attrs = {}, back, said, ...dialog }) {
  const button = h('button', { type: 'button', ...attrs }, label);
  button.addEventListener('click', async () => {
    const done = await confirmDialog(dialog);
    if (done) ctx.navigate(back, said(done));
  });
  return button;
}

const dossierPath = (dossier, action) => `/dossiers/${encodeURIComponent(dossier.id)}/${action}`;

/** The button of one decision on an instructor's task, with its confirmation dialog. */
export function decisionButton(ctx, { task, dossier, decision, stepTitle }) {
  const fields = detailFields(decision.details, dossier);
  const comment = {
    name: 'commentaire',
    label: 'Commentaire',
    help: 'Gardé dans l’historique du dossier.',
    kind: 'texte-long',
    required: false,
    maxLength: 2000,
    apiNames: ['commentaire'],
  };
  return confirmedActionButton(ctx, {
    label: decision.libelle,
    attrs: {
      class: decision.code.startsWith('reject') || decision.code === 'refuse' || decision.code === 'unfavourable' ? 'danger' : undefined,
    },
    title: `Confirmer : ${decision.libelle}`,
    intro: [
      h('p', {}, 'Dossier ', h('strong', {}, dossier.reference), ` — ${dossier.porteur}, « ${dossier.projet} ».`),
      h('p', {}, `Tâche : ${stepTitle}. Décision : « ${decision.libelle} ».`),
      h('p', {}, 'Une décision enregistrée ne se reprend pas ; le porteur en est informé par courriel quand la règle le prévoit.'),
    ],
    fields: [...fields, comment],
    confirmLabel: 'Confirmer la décision',
    onConfirm: async (values) => {
      const { commentaire, ...details } = values;
      const body = { decision: decision.code, ...(commentaire ? { commentaire } : {}), ...(fields.length ? { details } : {}) };
      return api('POST', `/taches/${encodeURIComponent(task.id)}/decision`, body);
    },
    back: `/dossiers/${dossier.id}`,
    said: () => `Décision enregistrée : « ${decision.libelle} » sur le dossier ${dossier.reference}.`,
  });
}

/** What a porteur can file for an open task of its own (complements, bilan). */
export function porteurTaskButton(ctx, { task, dossier, back }) {
  if (task.etape === 'complements') {
    return confirmedActionButton(ctx, {
      label: 'Déclarer les compléments transmis',
      title: 'Confirmer : compléments transmis',
      intro: [h('p', {}, `Dossier ${dossier.reference}. Vous déclarez avoir transmis au service instructeur les compléments demandés.`)],
      confirmLabel: 'Confirmer la transmission',
      onConfirm: () => api('POST', dossierPath(dossier, 'complements')),
      back,
      said: () => `Compléments déclarés transmis pour le dossier ${dossier.reference}.`,
    });
  }
  if (task.etape === 'bilan' || task.etape === 'bilan-complements') {
    // The fields follow the dossier's convention (its indicators) and the call's natures of exit (GET /referentiel).
    const button = h('button', { type: 'button' }, 'Déposer le bilan final');
    button.addEventListener('click', async () => {
      const ref = await getReferentiel();
      const indicators = dossier.suivi?.convention?.indicators ?? [];
      const natures = ref.naturesDeSortie ?? [];
      const done = await confirmDialog({
        title: 'Confirmer : dépôt du bilan final',
        intro: [
          h(
            'p',
            {},
            `Dossier ${dossier.reference}. Le bilan qualitatif et quantitatif de l’opération est transmis au service instructeur, qui l’évalue au regard des indicateurs de la convention.`,
          ),
        ],
        fields: [
          {
            name: 'resume',
            label: 'Bilan qualitatif',
            help: 'Ce que l’opération a fait et obtenu (10 000 caractères au plus).',
            kind: 'texte-long',
            required: true,
            minLength: 10,
            maxLength: 10000,
            apiNames: ['resume'],
          },
          ...indicators.map((i, n) => ({
            name: `indicateur-${i.code}`,
            label: `${i.label} : réalisé`,
            help: `Objectif de la convention : ${i.target}.`,
            kind: 'nombre',
            required: true,
            apiNames: [`indicateurs.${n}`],
          })),
          ...natures.map((nature, n) => ({
            name: `sortie-${nature.code}`,
            label: `Sorties : ${nature.libelle}`,
            help: 'Nombre de participants sortis ainsi (sans nom).',
            kind: 'nombre',
            required: false,
            apiNames: [`sorties.${n}`],
          })),
          {
            name: 'depenses',
            label: 'Dépenses acquittées',
            help: 'Une dépense par ligne : libellé ; montant en euros ; date de paiement (AAAA-MM-JJ), au plus tard ce jour, date du dépôt du bilan.',
            kind: 'lignes',
            required: true,
            apiNames: ['depenses'],
          },
        ],
        confirmLabel: 'Déposer le bilan',
        onConfirm: (values) =>
          api('POST', dossierPath(dossier, 'bilan'), {
            resume: values.resume,
            indicateurs: indicators.map((i) => ({ code: i.code, realise: values[`indicateur-${i.code}`] })),
            sorties: natures.flatMap((nature) =>
              values[`sortie-${nature.code}`] ? [{ nature: nature.code, nombre: values[`sortie-${nature.code}`] }] : [],
            ),
            depenses: values.depenses.map((line) => {
              const [libelle = '', montant = '', payeeLe = ''] = line.split(';').map((part) => part.trim());
              return { libelle, montantCents: parseEuros(montant), payeeLe };
            }),
          }),
      });
      if (done) ctx.navigate(back, `Bilan final déposé pour le dossier ${dossier.reference}.`);
    });
    return button;
  }
  return null;
}

/** A porteur's annual documents of one fiscal year (a pending « annual-documents » deadline). */
export function annualDocumentsButton(ctx, { dossier, exercice, back }) {
  return confirmedActionButton(ctx, {
    label: `Déclarer les documents annuels ${exercice} transmis`,
    title: `Confirmer : documents annuels de l’exercice ${exercice}`,
    intro: [
      h(
        'p',
        {},
        `Dossier ${dossier.reference}. Vous déclarez avoir transmis le rapport d’activité, les comptes annuels, le rapport du commissaire aux comptes, le tableau des missions et la balance générale de l’exercice.`,
      ),
    ],
    fields: [{ name: 'exercice', label: 'Exercice', kind: 'annee', required: true, value: String(exercice), apiNames: ['exercice'] }],
    confirmLabel: 'Confirmer la transmission',
    onConfirm: (values) => api('POST', dossierPath(dossier, 'documents-annuels'), { exercice: values.exercice }),
    back,
    said: (done) =>
      `Documents annuels ${exercice} déclarés transmis pour le dossier ${dossier.reference}${done.suspensionLevee ? ' ; la suspension des versements est levée' : ''}.`,
  });
}

/** During the operation, the instructing service schedules a comité de suivi (the porteur is told what it owes the MDS, J-8). */
export function scheduleComiteButton(ctx, { dossier, back }) {
  return confirmedActionButton(ctx, {
    label: 'Programmer un comité de suivi',
    title: 'Confirmer : programmer un comité de suivi',
    intro: [
      h(
        'p',
        {},
        `Dossier ${dossier.reference}. Le porteur est informé par courriel des entrées et sorties de participants à transmettre à la MDS au plus tard 8 jours avant le comité.`,
      ),
    ],
    fields: [{ name: 'date', label: 'Date du comité', help: 'Une date à venir.', kind: 'date', required: true, apiNames: ['date'] }],
    confirmLabel: 'Programmer le comité',
    onConfirm: (values) => api('POST', dossierPath(dossier, 'comites'), { date: values.date }),
    back,
    said: (done) => `Comité de suivi du ${jour(done.comite)} programmé pour le dossier ${dossier.reference}.`,
  });
}

/** The minutes of a comité held. */
export function comiteMinutesButton(ctx, { dossier, comiteDate, back }) {
  return confirmedActionButton(ctx, {
    label: `Enregistrer le compte rendu du comité du ${jour(comiteDate)}`,
    title: `Confirmer : compte rendu du comité du ${jour(comiteDate)}`,
    intro: [h('p', {}, `Dossier ${dossier.reference}. Le compte rendu est gardé dans l’historique du dossier.`)],
    fields: [
      {
        name: 'compteRendu',
        label: 'Compte rendu',
        help: 'Entre 3 et 10 000 caractères ; sans nom de participant.',
        kind: 'texte-long',
        required: true,
        maxLength: 10000,
        apiNames: ['compteRendu'],
      },
    ],
    confirmLabel: 'Enregistrer le compte rendu',
    onConfirm: (values) => api('POST', dossierPath(dossier, `comites/${comiteDate}/compte-rendu`), { compteRendu: values.compteRendu }),
    back,
    said: () => `Compte rendu du comité du ${jour(comiteDate)} enregistré pour le dossier ${dossier.reference}.`,
  });
}

/** A porteur asks for an avenant; changing the execution period needs a major and exceptional hazard (the call's rule). */
export function avenantButton(ctx, { dossier, back }) {
  return confirmedActionButton(ctx, {
    label: 'Demander un avenant',
    title: 'Confirmer : demande d’avenant',
    intro: [
      h('p', {}, `Dossier ${dossier.reference}. Le service instructeur examine la demande et vous répond par courriel.`),
      h('p', {}, 'Un avenant qui modifie la période d’exécution n’est recevable qu’en cas d’aléa majeur et exceptionnel : décrivez-le.'),
    ],
    fields: [
      {
        name: 'objet',
        label: 'Objet de l’avenant',
        help: 'Entre 5 et 500 caractères.',
        kind: 'texte',
        required: true,
        maxLength: 500,
        apiNames: ['objet'],
      },
      {
        name: 'nouvelleDateFin',
        label: 'Nouvelle date de fin de l’opération',
        help: 'Seulement si la période d’exécution change.',
        kind: 'date',
        required: false,
        apiNames: ['nouvelleDateFin'],
      },
      {
        name: 'justificationAlea',
        label: 'Aléa majeur et exceptionnel',
        help: 'Obligatoire si la date de fin change (10 caractères au moins).',
        kind: 'texte-long',
        required: false,
        maxLength: 5000,
        apiNames: ['justificationAlea'],
      },
    ],
    confirmLabel: 'Envoyer la demande',
    onConfirm: (values) =>
      api('POST', dossierPath(dossier, 'avenants'), Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined))),
    back,
    said: () => `Demande d’avenant envoyée pour le dossier ${dossier.reference}.`,
  });
}

const comitesOf = (dossier) => dossier.suivi?.comites ?? [];
const comingComites = (dossier) => comitesOf(dossier).filter((c) => !c.heldOn);

/**
 * The dossier's actions beside its tasks' decisions, one declaration each: the card's title, who
 * may (`roles`; an instructor of the dossier's territory or of the whole département), in which
 * statuses, whether it applies now (`applies`, optional), and what the card holds (its text and its
 * buttons: confirmedActionButton or a link to a form). An action the API adds is one more entry.
 */
export const DOSSIER_ACTIONS = [
  {
    title: 'Comités de suivi',
    roles: ['service-instructeur'],
    statuts: ['in-execution'],
    card: (ctx, { dossier, back }) => [
      comitesOf(dossier).length
        ? h(
            'ul',
            {},
            comitesOf(dossier).map((c) =>
              h(
                'li',
                {},
                `Comité du ${jour(c.date)} — ${c.heldOn ? 'compte rendu enregistré' : `participants à transmettre à la MDS au plus tard le ${jour(c.participantListDue)}`}`,
              ),
            ),
          )
        : h('p', {}, 'Aucun comité programmé.'),
      scheduleComiteButton(ctx, { dossier, back }),
      comingComites(dossier).map((c) => comiteMinutesButton(ctx, { dossier, comiteDate: c.date, back })),
    ],
  },
  {
    title: 'Comités de suivi',
    roles: ['porteur'],
    statuts: ['in-execution'],
    applies: (dossier) => comingComites(dossier).length > 0,
    card: (_ctx, { dossier }) => [
      h(
        'ul',
        {},
        comingComites(dossier).map((c) =>
          h(
            'li',
            {},
            `Comité du ${jour(c.date)} : entrées et sorties de participants à transmettre à la MDS au plus tard le ${jour(c.participantListDue)}.`,
          ),
        ),
      ),
      h('a', { class: 'bouton', href: `#/dossiers/${encodeURIComponent(dossier.id)}/participants` }, 'Transmettre les entrées et sorties'),
    ],
  },
  {
    title: 'Avenant à la convention',
    roles: ['porteur'],
    statuts: ['in-execution'],
    card: (ctx, { dossier, back }) => [
      h('p', {}, 'Un changement de l’opération (objet, période d’exécution) passe par un avenant.'),
      avenantButton(ctx, { dossier, back }),
    ],
  },
];

/** The cards of the dossier's actions this identity may take now (DOSSIER_ACTIONS). */
export function dossierActions(ctx, { dossier, back }) {
  const who = ctx.identity;
  const ofItsTerritory = who.role === 'porteur' || who.territoire === dossier.territoire || who.territoire === 'departement';
  return DOSSIER_ACTIONS.filter(
    (a) => a.roles.includes(who.role) && ofItsTerritory && a.statuts.includes(dossier.statut) && (a.applies?.(dossier) ?? true),
  ).map((a) => {
    const [text, ...buttons] = a.card(ctx, { dossier, back });
    return h('div', { class: 'carte' }, h('h3', {}, a.title), text, h('div', { class: 'actions' }, buttons));
  });
}

export { euros, jour };

/**
 * The receiving service of the Word dossiers (2.2, 2.11, 2.12, 2.13) opens an individual filing
 * space for a named structure: its link is emailed to the porteur (POST /invitations-depot).
 */
export function openFilingSpaceButton(ctx, { ref, back }) {
  const word = ref.dispositifs.filter((d) => d.canal === 'spslh-word');
  return confirmedActionButton(ctx, {
    label: 'Ouvrir un espace de dépôt (dossier Word)',
    title: 'Ouvrir un espace de dépôt individualisé',
    intro: [
      h(
        'p',
        {},
        'Pour un dispositif déposé par dossier Word, après le courriel du candidat à spslh@pasdecalais.fr : le lien de dépôt lui est envoyé par courriel ; il ne sert qu’une fois et expire.',
      ),
    ],
    fields: [
      {
        name: 'dispositifCode',
        label: 'Dispositif',
        kind: 'choix',
        required: true,
        options: word.map((d) => ({ value: d.code, label: `${d.code} — ${d.titre}` })),
        apiNames: ['dispositifCode'],
      },
      { name: 'nom', label: 'Structure', kind: 'texte', required: true, maxLength: 200, apiNames: ['porteur.nom'] },
      { name: 'siret', label: 'SIRET', help: '14 chiffres.', kind: 'texte', required: true, maxLength: 14, apiNames: ['porteur.siret'] },
      { name: 'courriel', label: 'Courriel du candidat', kind: 'texte', required: true, maxLength: 254, apiNames: ['porteur.courriel'] },
    ],
    confirmLabel: 'Ouvrir l’espace et envoyer le lien',
    onConfirm: (values) =>
      api('POST', '/invitations-depot', {
        dispositifCode: values.dispositifCode,
        porteur: { nom: values.nom, siret: values.siret, courriel: values.courriel },
      }),
    back,
    said: (opened) => `Espace de dépôt ouvert pour ${opened.porteur.nom} jusqu’au ${jour(opened.expireLe)} : le lien lui est envoyé.`,
  });
}

/** French wording and formats: amounts, dates (Europe/Paris), labels of roles and events; statuses by the referentiel's labels. */
const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const DAY = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
const DAY_WEEK = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Paris',
});
const INSTANT = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' });
const NUMBER = new Intl.NumberFormat('fr-FR');

/** An amount typed in euros (« 45 000,50 », « 45000.5 € ») in cents; NaN when it is not one. */
export function parseEuros(text) {
  const plain = String(text).replace(/[\s\u202f\u00a0€]/g, '');
  return /^\d+([.,]\d{1,2})?$/.test(plain) ? Math.round(Number(plain.replace(',', '.')) * 100) : NaN;
}
export const euros = (cents) => (typeof cents === 'number' ? EUROS.format(cents / 100) : '—');
export const nombre = (n) => NUMBER.format(n);

/** A calendar day (AAAA-MM-JJ) or an instant, as « 2 mars 2026 ». */
export function jour(value) {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : DAY.format(date);
}
export function jourSemaine(value) {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return DAY_WEEK.format(date);
}
export const instant = (value) => (value ? INSTANT.format(new Date(value)) : '—');
/** The Paris calendar day of an instant, as AAAA-MM-JJ. */
export function jourParis(value) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(value),
  );
  return parts;
}
/** Whole days from `from` to `to` (AAAA-MM-JJ). */
export function joursEntre(from, to) {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** A dossier's status as the lifecycle names it (GET /referentiel: domain/dossier/lifecycle.ts). */
export const statut = (ref, code) => ref.statuts.find((s) => s.code === code)?.libelle ?? code;

export const ROLES = {
  porteur: 'Porteur de projet',
  'service-instructeur': 'Service instructeur',
  'chef-slai-slisl': 'Chef de SLAI/SLISL',
  'secretariat-cp': 'Secrétariat de la Commission Permanente',
  system: 'Système',
};
export const role = (code) => ROLES[code] ?? code;

/** Who did it, from the timeline's `par` (« service-instructeur:marie », « porteur:asso », « system »). */
export function auteur(par) {
  if (!par || par === 'system') return 'le système (automatique)';
  const [r, ...rest] = String(par).split(':');
  const id = rest.join(':');
  return ROLES[r] ? `${ROLES[r]}${id ? ` (${id})` : ''}` : String(par);
}

export const EVENEMENTS = {
  'dossier-submitted': 'Dossier déposé',
  'submission-acknowledged': 'Accusé de réception émis',
  'email-queued': 'Courriel',
  'task-opened': 'Tâche ouverte',
  'task-decided': 'Décision',
  'task-overdue': 'Tâche en retard sur son échéance',
  'complements-requested': 'Compléments demandés au porteur',
  'complements-received': 'Compléments reçus',
  'dossier-complete': 'Dossier déclaré complet',
  'dossier-validated': 'Dossier validé par le chef de SLAI/SLISL',
  'dossier-rejected': 'Dossier non validé',
  'dossier-closed-incomplete': 'Dossier clos pour incomplétude',
  'cp-favourable': 'Avis favorable de la Commission Permanente',
  'cp-unfavourable': 'Avis défavorable de la Commission Permanente',
  'cp-adjourned': 'Examen ajourné par la Commission Permanente',
  'envelope-exceeded': 'Enveloppe du dispositif dépassée',
  'convention-drafted': 'Convention préparée',
  'convention-signed': 'Convention signée',
  'payment-made': 'Versement effectué',
  'payment-held': 'Versement retenu',
  'payments-suspended': 'Versements suspendus',
  'payments-resumed': 'Versements rétablis',
  'operation-started': 'Début de l’opération',
  'operation-ended': 'Fin de l’opération',
  'comite-scheduled': 'Comité de suivi programmé',
  'comite-held': 'Comité de suivi tenu',
  'avenant-requested': 'Demande d’avenant',
  'avenant-accepted': 'Avenant accepté',
  'avenant-refused': 'Avenant refusé',
  'annual-documents-received': 'Documents annuels reçus',
  'bilan-opened': 'Bilan final attendu',
  'bilan-filed': 'Bilan déposé',
  'bilan-complements-requested': 'Compléments au bilan demandés',
  'bilan-accepted': 'Bilan accepté',
  'dossier-closed': 'Dossier soldé',
  'reimbursement-demanded': 'Remboursement demandé',
};
export const evenement = (type) => EVENEMENTS[type] ?? type;

export const STATUTS_ECHEANCE = { pending: 'À venir', met: 'Respectée', missed: 'Manquée', cancelled: 'Annulée' };
export const CLASSES_ECHEANCE = { pending: 'a-venir', met: 'respectee', missed: 'manquee', cancelled: 'a-venir' };

/** Labels of a decision's details (domain/workflow/decisions.ts). */
export const CHAMPS_DETAILS = {
  complements: { libelle: 'Pièces ou informations demandées', aide: 'Une par ligne.', genre: 'lignes' },
  reason: { libelle: 'Motif', aide: 'Communiqué au porteur.', genre: 'texte-long' },
  amountCents: { libelle: 'Montant accordé (en euros)', genre: 'euros' },
  cpDate: { libelle: 'Date de la séance de la Commission Permanente', genre: 'date' },
  deliberationNumber: { libelle: 'Numéro de délibération', genre: 'texte' },
  nextSessionDate: { libelle: 'Date de la prochaine séance', genre: 'date' },
  signedOn: { libelle: 'Date de signature de la convention', genre: 'date' },
  until: {
    libelle: 'Nouvelle date',
    aide: 'Le bilan est attendu jusqu’à cette date ; la demande de remboursement est proposée de nouveau ensuite.',
    genre: 'date',
  },
};

export const FORMES_JURIDIQUES = {
  association: 'Association',
  fondation: 'Fondation',
  cooperative: 'Coopérative',
  entreprise: 'Entreprise',
  'collectivite-territoriale': 'Collectivité territoriale',
  'etablissement-public': 'Établissement public',
  'groupement-interet-public': 'Groupement d’intérêt public',
  autre: 'Autre',
};
export const SITES = { siege: 'Siège', antenne: 'Antenne' };

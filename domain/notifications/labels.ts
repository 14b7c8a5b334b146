/**
 * The closed lists the emails show by label, apart from the templates: the API validates and
 * lists them without carrying the templates' code (index.ts re-exports them).
 */
import { catalog } from '#domain/catalog/index.ts';

/** The decisions a workflow step allows (workflows/<machine>.ts), as an instructor reads them. */
export const DECISION_LABELS = {
  complete: 'Déclarer le dossier complet',
  'ask-complements': 'Demander des compléments au porteur (avec une date limite)',
  'complements-provided': 'Compléments transmis',
  approve: 'Valider le dossier',
  reject: 'Ne pas valider le dossier (motif à indiquer)',
  favourable: 'Avis favorable (montant accordé, délibération)',
  unfavourable: 'Avis défavorable (motif, délibération)',
  adjourned: 'Ajournement à une séance ultérieure',
  signed: 'Enregistrer la convention signée',
  accept: 'Accepter',
  refuse: 'Refuser (motif à indiquer)',
  'ask-more': 'Demander des compléments au porteur',
  'bilan-filed': 'Bilan déposé',
  lifted: 'Documents annuels reçus : lever la suspension',
  wake: 'Reprendre le suivi',
  validate: 'Valider et envoyer la demande de remboursement',
  delay: 'Accorder un délai (nouvelle date et motif)',
} as const;
export type TaskDecision = keyof typeof DECISION_LABELS;

/**
 * How a participant left the operation (« la nature des sorties »): a closed list, so no free
 * text about a person — data, `evaluation.exitNatures` of data/catalog/call.json.
 */
export const EXIT_OUTCOMES: Readonly<Record<string, string>> = Object.fromEntries(
  catalog.call.evaluation.exitNatures.map((n) => [n.code, n.label]),
);
export type ExitOutcome = string;

/**
 * The catalog's closed lists as plain data: the schemas (schemas.ts) build their enums from them,
 * and code that only needs a list or its labels imports it from here, without the schemas — a
 * function's bundle builds no catalog schema at cold start (its catalog was checked when it was
 * bundled: shipped-catalog.ts).
 */

export const CHANNELS = ['e-partenaire', 'spslh-word', 'demarches-simplifiees'] as const;

/** The kinds of resource of a budget; used by the submission schema and by axes' required co-funding. */
export const RESOURCE_SOURCES = [
  'departement',
  'etat',
  'fse',
  'ftj',
  'region',
  'commune',
  'intercommunalite',
  'caf',
  'france-travail',
  'autofinancement',
  'autre',
] as const;
/** How a resource's source reads in French. */
export const RESOURCE_SOURCE_LABELS: Record<(typeof RESOURCE_SOURCES)[number], string> = {
  departement: 'participation du Département',
  etat: 'État',
  fse: 'FSE+',
  ftj: 'FTJ, Fonds pour une transition juste',
  region: 'Région',
  commune: 'commune',
  intercommunalite: 'intercommunalité',
  caf: 'CAF',
  'france-travail': 'France Travail',
  autofinancement: 'autofinancement',
  autre: 'autre ressource',
};

/** When a part of the granted amount is paid; the workflows pay on exactly these events. */
export const PAYMENT_EVENTS = ['convention-signed', 'bilan-accepted'] as const;

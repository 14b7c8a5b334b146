/**
 * The call's own words that the emails quote or paraphrase (« appel à projets des politiques
 * d'inclusion durable 2026 »). Quotations (`CALL_QUOTES`) are verbatim, apostrophes and all;
 * lists are rewritten only for typography.
 */
import * as z from 'zod/mini';

export const CALL_NAME = 'appel à projets des politiques d’inclusion durable 2026';
export const CALL_SOURCE = 'Appel à projets des politiques d’inclusion durable 2026';

export const CALL_QUOTES = {
  /** The legal basis of a reimbursement demand. */
  reimbursement:
    'L’organisme pourra être amené à rembourser la totalité des sommes versées si le bilan final d’exécution n’est pas produit dans les délais impartis, ou s’il s’avère après contrôle que les pièces justificatives produites sont non fondées.',
  /** Why an avenant changing the execution period is refused. */
  avenantPeriod:
    'Les avenants visant à modifier la période d’exécution des opérations ne seront pas acceptés, sauf en cas d’aléas majeur et exceptionnel.',
  /** Eligible expenses. */
  eligibleExpenses:
    'Les dépenses sont éligibles sur la durée de la convention qui sera établie dès lors que le projet recevra un avis favorable de la Commission Permanente du Conseil départemental. Toutes les dépenses déclarées devront être acquittées au plus tard à la date du dépôt du bilan.',
  /** The J-8 obligation towards the MDS. */
  participantList:
    'l’organisme s’engage à communiquer aux services de la Maison du Département Solidarité du territoire concerné, 8 jours avant la tenue du comité de pilotage/suivi, chaque entrée et sortie de participants.',
} as const;

/** The documents owed each year within 6 months after the fiscal year end, in the call's order. */
export const ANNUAL_DOCUMENTS = {
  'rapport-activite': { label: 'le rapport d’activité complet' },
  'comptes-annuels': {
    label: 'les comptes annuels du comptable ou de l’expert-comptable, comprenant :',
    parts: [
      'le bilan détaillé',
      'le compte de résultat détaillé',
      'l’annexe des comptes',
      'les soldes intermédiaires de gestion détaillés',
    ],
  },
  'rapport-commissaire-aux-comptes': {
    label: 'le rapport complet du commissaire aux comptes, faisant apparaître :',
    parts: ['le rapport général (certification et comptes annuels validés)', 'le rapport spécial (conventions réglementées)'],
  },
  'tableau-missions-salaries': { label: 'le tableau relatif aux missions exercées par les salariés' },
  'balance-generale': { label: 'la balance générale au format Excel' },
} as const satisfies Record<string, { label: string; parts?: readonly string[] }>;

export type AnnualDocument = keyof typeof ANNUAL_DOCUMENTS;
export const ANNUAL_DOCUMENT_KEYS = Object.keys(ANNUAL_DOCUMENTS) as AnnualDocument[];
export const annualDocumentSchema = z.enum(ANNUAL_DOCUMENT_KEYS as [AnnualDocument, ...AnnualDocument[]]);

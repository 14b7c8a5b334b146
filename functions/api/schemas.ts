/**
 * The bodies the API's inbox and execution routes accept (routes/tasks.ts, routes/execution.ts;
 * the other routes' beside them), as zod schemas with French messages (they also type the
 * handlers): a group's function builds only the bodies its routes take.
 * The dossier itself is checked by domain/submission and domain/rules; a decision's details by
 * domain/workflow/decisions.ts.
 */
import * as z from 'zod/mini';
// The modules themselves, not the notifications' index: that one registers every email template.
import { ANNUAL_DOCUMENT_KEYS, type AnnualDocument } from '#domain/notifications/call-text.ts';
import { EXIT_OUTCOMES } from '#domain/notifications/labels.ts';
import type { FieldLabel } from '#domain/submission/form-labels.ts';
import { isoDateSchema as isoDate } from '#domain/time/iso-date-schema.ts';
import { bilanReport } from '#domain/workflow/decision-fields.ts';
import { body, text } from './body-parts.ts';

export const decisionBodySchema = body({
  decision: z
    .string({ error: 'décision attendue' })
    .check(z.minLength(1, { error: 'décision attendue' }), z.maxLength(40, { error: 'décision inconnue' })),
  commentaire: z.optional(text(1, 2000)),
  details: z.optional(z.unknown()),
});

export const comiteBodySchema = body({ date: isoDate });
export const minutesBodySchema = body({ compteRendu: text(3, 10_000) });

/**
 * A participant: first name and last name (only its initial reaches the MDS), and the territory
 * whose MDS is owed it — required when the operation runs on several territories.
 */
/** A nature of exit: one of the closed list (data/catalog/call.json `evaluation.exitNatures`). */
const exitNature = z.enum(Object.keys(EXIT_OUTCOMES) as [string, ...string[]], {
  error: `valeur attendue parmi : ${Object.keys(EXIT_OUTCOMES).join(', ')}`,
});

const person = {
  prenom: text(1, 100),
  nom: text(1, 100),
  territoire: z.optional(z.string({ error: 'code de territoire attendu' }).check(z.maxLength(40, { error: 'code de territoire attendu' }))),
};
export const participantsBodySchema = body({
  comiteDate: isoDate,
  entrees: z
    .array(body({ ...person, dateEntree: isoDate }), { error: 'liste attendue' })
    .check(z.maxLength(500, { error: 'au plus 500 entrées' })),
  sorties: z
    .array(
      body({
        ...person,
        dateSortie: isoDate,
        motifSortie: exitNature,
      }),
      { error: 'liste attendue' },
    )
    .check(z.maxLength(500, { error: 'au plus 500 sorties' })),
});

/** The participant list's fields as the console's form shows them (by path, an item as `*`; see domain/submission/form-labels.ts). */
export const PARTICIPANTS_FIELD_LABELS = {
  comiteDate: { libelle: 'Comité de suivi', aide: 'Les entrées et sorties sont dues à la MDS 8 jours avant le comité.', saisie: 'date' },
  entrees: { libelle: 'Entrées de participants' },
  'entrees.*': { libelle: 'Entrée' },
  'entrees.*.prenom': { libelle: 'Prénom' },
  'entrees.*.nom': { libelle: 'Nom', aide: 'Seule son initiale est transmise à la MDS.' },
  'entrees.*.territoire': { libelle: 'Territoire', aide: 'Celui dont la MDS reçoit ce participant.' },
  'entrees.*.dateEntree': { libelle: 'Date d’entrée', saisie: 'date' },
  sorties: { libelle: 'Sorties de participants' },
  'sorties.*': { libelle: 'Sortie' },
  'sorties.*.prenom': { libelle: 'Prénom' },
  'sorties.*.nom': { libelle: 'Nom', aide: 'Seule son initiale est transmise à la MDS.' },
  'sorties.*.territoire': { libelle: 'Territoire', aide: 'Celui dont la MDS reçoit ce participant.' },
  'sorties.*.dateSortie': { libelle: 'Date de sortie', saisie: 'date' },
  'sorties.*.motifSortie': { libelle: 'Nature de la sortie', valeurs: EXIT_OUTCOMES },
} satisfies Record<string, FieldLabel>;

/**
 * The annual documents of a fiscal year the service received (call: « Ces éléments devront être
 * adressés par mail au service gestionnaire »), each named from the call's list.
 */
export const annualDocumentsBodySchema = body({
  exercice: z
    .number({ error: 'année attendue' })
    .check(z.int({ error: 'année attendue' }), z.gte(2000, { error: 'année invalide' }), z.lte(2100, { error: 'année invalide' })),
  documents: z
    .array(
      z.enum(ANNUAL_DOCUMENT_KEYS as [AnnualDocument, ...AnnualDocument[]], {
        error: `valeur attendue parmi : ${ANNUAL_DOCUMENT_KEYS.join(', ')}`,
      }),
      {
        error: 'liste des documents reçus attendue',
      },
    )
    .check(
      z.minLength(1, { error: 'au moins un document reçu' }),
      z.maxLength(ANNUAL_DOCUMENT_KEYS.length),
      z.refine((list) => new Set(list).size === list.length, { error: 'chaque document une fois' }),
    ),
});

/**
 * Call, « Suivi et contrôle » : « Les avenants visant à modifier la période d'exécution des
 * opérations ne seront pas acceptés, sauf en cas d'aléas majeur et exceptionnel » — a request to
 * change the period must say which hazard; the service then decides.
 */
export const avenantBodySchema = body({
  objet: text(5, 500),
  nouvelleDateFin: z.optional(isoDate),
  justificationAlea: z.optional(text(10, 5000)),
}).check(
  z.refine((b) => b.nouvelleDateFin === undefined || b.justificationAlea !== undefined, {
    path: ['justificationAlea'],
    error: 'un avenant modifiant la période d’exécution n’est recevable qu’en cas d’aléa majeur et exceptionnel : décrivez-le',
  }),
);

/** The final bilan: the details of its `bilan-filed` decision (domain/workflow/decision-fields.ts). */
export const bilanBodySchema = bilanReport;

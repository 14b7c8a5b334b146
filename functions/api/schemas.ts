/**
 * The bodies the API accepts, as zod schemas with French messages (they also type the handlers).
 * The dossier itself is checked by domain/submission and domain/rules; a decision's details by
 * domain/workflow/decisions.ts.
 */
import * as z from 'zod/mini';
// The modules themselves, not the notifications' index: that one registers every email template.
import { ANNUAL_DOCUMENT_KEYS, type AnnualDocument } from '#domain/notifications/call-text.ts';
import { EXIT_OUTCOMES } from '#domain/notifications/labels.ts';
import type { FieldLabel } from '#domain/submission/form-labels.ts';
import { isoDateSchema as isoDate } from '#domain/time/iso-date-schema.ts';
import { porteurSchema } from '#domain/submission/fields.ts';
import { DEMARCHES_SIMPLIFIEES_NUMBER } from '#domain/workflow/entry-channels.ts';
import { bilanReport } from '#domain/workflow/decision-fields.ts';
import { isWellFormedText, MALFORMED_TEXT_MESSAGE } from '#domain/text/well-formed.ts';

const text = (min: number, max: number) =>
  z
    .string({ error: 'texte attendu' })
    .check(
      z.trim(),
      z.minLength(min, { error: `au moins ${min} caractère${min > 1 ? 's' : ''}` }),
      z.maxLength(max, { error: `au plus ${max} caractères` }),
      z.refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE }),
    );
const body = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'champ inconnu' : 'objet JSON attendu') });

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

/** The structure the service opens an individual filing space for (Word channel: 2.2, 2.11, 2.12, 2.13). */
export const invitationBodySchema = body({
  dispositifCode: z
    .string({ error: 'code de dispositif attendu' })
    .check(z.regex(/^[1-9]\.[1-9]\d?$/, { error: 'code de dispositif attendu (ex. 2.11)' })),
  porteur: body({
    nom: text(2, 200),
    siret: porteurSchema.shape.siret,
    courriel: porteurSchema.shape.contactEmail,
  }),
});

/** A dossier received on Démarches simplifiées (3.7), registered by the instructing service with its number. */
export const demarchesSimplifieesBodySchema = body({
  numero: z.string({ error: 'numéro de dossier Démarches simplifiées attendu' }).check(
    z.regex(DEMARCHES_SIMPLIFIEES_NUMBER, {
      error: 'numéro de dossier Démarches simplifiées attendu : des chiffres, sans zéro en tête (ex. 18734562)',
    }),
  ),
  dossier: z.unknown().check(z.refine((d) => d !== undefined, { error: 'le dossier reçu est attendu' })),
});

/** The final bilan: the details of its `bilan-filed` decision (domain/workflow/decision-fields.ts). */
export const bilanBodySchema = bilanReport;

export const cpSessionBodySchema = body({
  date: isoDate,
  numeroDeliberation: text(1, 60),
  decisions: z
    .array(
      body({
        dossierId: z.string({ error: 'identifiant de dossier attendu' }).check(z.minLength(1), z.maxLength(100)),
        avis: z.enum(['favourable', 'unfavourable', 'adjourned'], { error: 'valeur attendue parmi : favourable, unfavourable, adjourned' }),
        montantCents: z.optional(z.number({ error: 'montant en centimes attendu' })),
        motif: z.optional(text(3, 2000)),
        prochaineSeance: z.optional(isoDate),
      }),
      { error: 'liste attendue' },
    )
    .check(z.minLength(1, { error: 'au moins une décision' }), z.maxLength(500, { error: 'au plus 500 décisions' })),
});
/** A documented extension of a porteur's deadline, granted by the service before it falls. */
export const extensionBodySchema = body({
  obligation: z.enum(['bilan', 'annual-documents'], { error: 'valeur attendue parmi : bilan, annual-documents' }),
  exercice: z.optional(z.number({ error: 'année attendue' }).check(z.int({ error: 'année attendue' }), z.gte(2000), z.lte(2100))),
  nouvelleDate: isoDate,
  motif: text(3, 2000),
}).check(
  z.refine((b) => b.obligation !== 'annual-documents' || b.exercice !== undefined, {
    path: ['exercice'],
    error: 'exercice obligatoire pour les documents annuels',
  }),
);

/** The service suspends the payments for a fiscal year whose documents are missing (data/sanctions.json: proposed), with its reason. */
export const suspensionBodySchema = body({
  exercice: z.number({ error: 'année attendue' }).check(z.int({ error: 'année attendue' }), z.gte(2000), z.lte(2100)),
  motif: text(3, 2000),
});

/** The service lifts the suspension (or, before it falls, waives it for a fiscal year), with its reason. */
export const suspensionDecisionBodySchema = body({
  motif: text(3, 2000),
  exercice: z.optional(z.number({ error: 'année attendue' }).check(z.int({ error: 'année attendue' }), z.gte(2000), z.lte(2100))),
});

/**
 * A control (call, « Suivi et contrôle » : « tout contrôle technique, administratif et financier,
 * sur pièces et sur place »); pieces found unfounded, the service may have a reimbursement of all
 * or part of the sums paid prepared.
 */
export const controlBodySchema = body({
  type: z.enum(['sur-pieces', 'sur-place'], { error: 'valeur attendue parmi : sur-pieces, sur-place' }),
  date: isoDate,
  constats: text(3, 10_000),
  piecesNonFondees: z._default(z.boolean({ error: 'vrai ou faux attendu' }), false),
  montantARembourserCents: z.optional(
    z
      .number({ error: 'montant en centimes attendu' })
      .check(z.int({ error: 'montant en centimes entiers' }), z.positive({ error: 'le montant doit être positif' })),
  ),
}).check(
  z.refine((b) => b.montantARembourserCents === undefined || b.piecesNonFondees, {
    path: ['montantARembourserCents'],
    error: 'un remboursement n’est demandé qu’après un contrôle établissant des pièces non fondées',
  }),
);

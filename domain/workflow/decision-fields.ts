/**
 * The fields a decision's details are made of (workflows/<machine>.ts declares which details each
 * decision of a human step carries). French messages: an instructor or a porteur reads them.
 */
import * as z from 'zod';
import { catalog } from '#domain/catalog/index.ts';
import { isoDateSchema } from '#domain/time/iso-date-schema.ts';
import { isWellFormedText, MALFORMED_TEXT_MESSAGE } from '#domain/text/well-formed.ts';
export { isoDateSchema as isoDate } from '#domain/time/iso-date-schema.ts';

/** Text a person typed: trimmed, 3 to `max` characters, well formed. */
export const text = (max: number) =>
  z
    .string({ error: 'texte attendu' })
    .trim()
    .min(3, { error: 'au moins 3 caractères' })
    .max(max, { error: `au plus ${max} caractères` })
    .refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE });

/** The pieces or information asked of the porteur, one per line. */
export const complementsList = z
  .array(text(300), { error: 'liste attendue' })
  .min(1, { error: 'au moins une pièce ou information à demander' })
  .max(30, { error: 'au plus 30 éléments' });

/** The reason of a refusal, told to the porteur. */
export const reason = text(2000);

/** A decision that carries nothing beyond its name. */
export const none = z.strictObject({}, { error: 'objet attendu' });

export const amountCents = z
  .number({ error: 'montant en centimes attendu' })
  .int({ error: 'montant en centimes entiers' })
  .positive({ error: 'le montant doit être positif' })
  .max(100_000_000_000, { error: 'montant trop élevé' });

/** The Commission Permanente session the decision was recorded in (the CP session routes). */
export const sessionId = z.string().max(100).optional();

const count = z
  .number({ error: 'nombre entier attendu' })
  .int({ error: 'nombre entier attendu' })
  .min(0, { error: 'nombre positif ou nul attendu' })
  .max(1_000_000, { error: 'au plus 1 000 000' });

const exitNatures = catalog.call.evaluation.exitNatures.map((n) => n.code) as [string, ...string[]];

/**
 * The final bilan, qualitative and quantitative (domain/rules/operation-evaluation.ts): the
 * account of the operation, each indicator's achieved value, the exits by nature, the expenses
 * paid. In the porteur's words (the body of POST /dossiers/{id}/bilan). Checked against the
 * convention's indicators and the filing day by `bilanReportViolations`.
 */
export const bilanReport = z.strictObject(
  {
    resume: z
      .string({ error: 'texte attendu' })
      .trim()
      .min(10, { error: 'au moins 10 caractères' })
      .max(10_000, { error: 'au plus 10000 caractères' })
      .refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE }),
    indicateurs: z
      .array(z.strictObject({ code: z.string({ error: 'code d’indicateur attendu' }).min(1).max(60), realise: count }), {
        error: 'liste attendue',
      })
      .max(30, { error: 'au plus 30 indicateurs' }),
    sorties: z
      .array(
        z.strictObject({
          nature: z.enum(exitNatures, { error: `valeur attendue parmi : ${exitNatures.join(', ')}` }),
          nombre: count,
        }),
        { error: 'liste attendue' },
      )
      .max(exitNatures.length, { error: `au plus ${exitNatures.length} natures` }),
    depenses: z
      .array(z.strictObject({ libelle: text(200), montantCents: amountCents, payeeLe: isoDateSchema }), { error: 'liste attendue' })
      .min(1, { error: 'au moins une dépense acquittée' })
      .max(200, { error: 'au plus 200 dépenses' }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'champ inconnu' : 'objet JSON attendu') },
);
export type BilanReportDetails = z.infer<typeof bilanReport>;

/** The service's evaluation of the bilan, beside target against achieved (computed): its appreciation, if any. */
export const bilanAppraisal = z.strictObject({ appreciation: text(5000).optional() }, { error: 'objet attendu' });

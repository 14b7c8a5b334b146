/**
 * The fields a decision's details are made of (workflows/<machine>.ts declares which details each
 * decision of a human step carries). French messages: an instructor or a porteur reads them.
 */
import * as z from 'zod/mini';
import { catalog } from '#domain/catalog/index.ts';
import { isoDateSchema } from '#domain/time/iso-date-schema.ts';
import { isWellFormedText, MALFORMED_TEXT_MESSAGE } from '#domain/text/well-formed.ts';
export { isoDateSchema as isoDate } from '#domain/time/iso-date-schema.ts';

/** Text a person typed: trimmed, 3 to `max` characters, well formed. */
export const text = (max: number) =>
  z
    .string({ error: 'texte attendu' })
    .check(
      z.trim(),
      z.minLength(3, { error: 'au moins 3 caractères' }),
      z.maxLength(max, { error: `au plus ${max} caractères` }),
      z.refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE }),
    );

/** The pieces or information asked of the porteur, one per line. */
export const complementsList = z
  .array(text(300), { error: 'liste attendue' })
  .check(z.minLength(1, { error: 'au moins une pièce ou information à demander' }), z.maxLength(30, { error: 'au plus 30 éléments' }));

/** The reason of a refusal, told to the porteur. */
export const reason = text(2000);

/** A decision that carries nothing beyond its name. */
export const none = z.strictObject({}, { error: 'objet attendu' });

export const amountCents = z
  .number({ error: 'montant en centimes attendu' })
  .check(
    z.int({ error: 'montant en centimes entiers' }),
    z.positive({ error: 'le montant doit être positif' }),
    z.lte(100_000_000_000, { error: 'montant trop élevé' }),
  );

/** The Commission Permanente session the decision was recorded in (the CP session routes). */
export const sessionId = z.optional(z.string().check(z.maxLength(100)));

const count = z
  .number({ error: 'nombre entier attendu' })
  .check(
    z.int({ error: 'nombre entier attendu' }),
    z.gte(0, { error: 'nombre positif ou nul attendu' }),
    z.lte(1_000_000, { error: 'au plus 1 000 000' }),
  );

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
      .check(
        z.trim(),
        z.minLength(10, { error: 'au moins 10 caractères' }),
        z.maxLength(10_000, { error: 'au plus 10000 caractères' }),
        z.refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE }),
      ),
    indicateurs: z
      .array(
        z.strictObject({ code: z.string({ error: 'code d’indicateur attendu' }).check(z.minLength(1), z.maxLength(60)), realise: count }),
        {
          error: 'liste attendue',
        },
      )
      .check(z.maxLength(30, { error: 'au plus 30 indicateurs' })),
    sorties: z
      .array(
        z.strictObject({
          nature: z.enum(exitNatures, { error: `valeur attendue parmi : ${exitNatures.join(', ')}` }),
          nombre: count,
        }),
        { error: 'liste attendue' },
      )
      .check(z.maxLength(exitNatures.length, { error: `au plus ${exitNatures.length} natures` })),
    depenses: z
      .array(z.strictObject({ libelle: text(200), montantCents: amountCents, payeeLe: isoDateSchema }), { error: 'liste attendue' })
      .check(z.minLength(1, { error: 'au moins une dépense acquittée' }), z.maxLength(200, { error: 'au plus 200 dépenses' })),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'champ inconnu' : 'objet JSON attendu') },
);
export type BilanReportDetails = z.infer<typeof bilanReport>;

/** The service's evaluation of the bilan, beside target against achieved (computed): its appreciation, if any. */
export const bilanAppraisal = z.strictObject({ appreciation: z.optional(text(5000)) }, { error: 'objet attendu' });

/**
 * What each decision of a task carries beyond its name, as zod schemas (French messages: an
 * instructor or a porteur reads them). The API validates a decision with these before anything
 * is written; the workflow's actions read the stored details back through the same schemas.
 */
import * as z from 'zod';
import { isIsoDate } from '#domain/time/iso-date.ts';
import { isWellFormedText, MALFORMED_TEXT_MESSAGE } from '#domain/text/well-formed.ts';

const text = (max: number) =>
  z
    .string({ error: 'texte attendu' })
    .trim()
    .min(3, { error: 'au moins 3 caractères' })
    .max(max, { error: `au plus ${max} caractères` })
    .refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE });

const isoDate = z.string({ error: 'date attendue (AAAA-MM-JJ)' }).refine(isIsoDate, { error: 'date invalide (AAAA-MM-JJ attendu)' });

const complementsList = z
  .array(text(300), { error: 'liste attendue' })
  .min(1, { error: 'au moins une pièce ou information à demander' })
  .max(30, { error: 'au plus 30 éléments' });

const reason = text(2000);
const none = z.strictObject({}, { error: 'objet attendu' });

/** The details schema of each (step, decision); a decision not listed carries nothing. */
export const DECISION_DETAILS = {
  'completeness-check': {
    complete: none,
    'ask-complements': z.strictObject({ complements: complementsList }),
  },
  complements: { 'complements-provided': none },
  'chief-validation': {
    approve: none,
    // The call: a refusal is reasoned (« motif »), told to the porteur.
    reject: z.strictObject({ reason }),
  },
  'cp-decision': {
    favourable: z.strictObject({
      amountCents: z
        .number({ error: 'montant en centimes attendu' })
        .int({ error: 'montant en centimes entiers' })
        .positive({ error: 'le montant doit être positif' })
        .max(100_000_000_000, { error: 'montant trop élevé' }),
      cpDate: isoDate,
      deliberationNumber: text(60),
      sessionId: z.string().max(100).optional(),
    }),
    unfavourable: z.strictObject({ cpDate: isoDate, deliberationNumber: text(60), reason, sessionId: z.string().max(100).optional() }),
    adjourned: z.strictObject({
      cpDate: isoDate,
      reason: reason.optional(),
      nextSessionDate: isoDate.optional(),
      sessionId: z.string().max(100).optional(),
    }),
  },
  'convention-signature': { signed: z.strictObject({ signedOn: isoDate }) },
  'operation-monitor': { wake: none },
  'avenant-review': {
    accept: none,
    refuse: z.strictObject({ reason }),
  },
  bilan: { 'bilan-filed': none },
  'bilan-complements': { 'bilan-filed': none },
  'bilan-review': {
    accept: none,
    'ask-more': z.strictObject({ complements: complementsList }),
  },
  'payment-hold': { lifted: none },
} as const satisfies Record<string, Record<string, z.ZodType>>;

export type DecisionDetails = typeof DECISION_DETAILS;

export function decisionDetailsSchema(step: string, decision: string): z.ZodType | undefined {
  const byDecision = (DECISION_DETAILS as Record<string, Record<string, z.ZodType> | undefined>)[step];
  return byDecision?.[decision];
}

/** The stored details of a decided task, typed by its step and decision. */
export function readDetails<S extends keyof DecisionDetails, D extends keyof DecisionDetails[S]>(
  step: S,
  decision: D,
  details: unknown,
): z.infer<DecisionDetails[S][D] & z.ZodType> {
  const schema = DECISION_DETAILS[step][decision] as z.ZodType;
  return schema.parse(details ?? {}) as z.infer<DecisionDetails[S][D] & z.ZodType>;
}

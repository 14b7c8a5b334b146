/**
 * The fields a decision's details are made of (workflows/<machine>.ts declares which details each
 * decision of a human step carries). French messages: an instructor or a porteur reads them.
 */
import * as z from 'zod';
import { isWellFormedText, MALFORMED_TEXT_MESSAGE } from '#domain/text/well-formed.ts';
export { isoDateSchema as isoDate } from '#domain/time/iso-date.ts';

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

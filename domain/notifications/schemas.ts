/**
 * The building blocks of the emails' parameters, as zod schemas: every template validates its
 * parameters with them, so an email is rendered from checked data only (a real calendar date, a
 * whole non-negative number of cents, an http(s) URL, a syntactically valid address).
 */
import * as z from 'zod/mini';
import { isoDateSchema } from '#domain/time/iso-date-schema.ts';

/** Free text shown to the reader: anything but blank. Never trimmed nor rewritten. */
export const textSchema = z.string().check(z.refine((s) => s.trim().length > 0, { message: 'texte vide' }));

export const dateSchema = isoDateSchema;

/** An amount in euro cents: a whole, non-negative, safe integer. */
export const centsSchema = z.number().check(z.int(), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));

/** A link put in an email: http(s) only (no `javascript:`, no `data:`). */
export const urlSchema = z.pipe(
  z.url({ protocol: /^https?$/, message: 'URL http(s) attendue' }),
  z.transform((url) => new URL(url).href),
);

export const emailAddressSchema = z.email();

/** A whole number of days, at least `min`. */
export const daysSchema = (min: number) => z.number().check(z.int(), z.gte(min), z.lte(100_000));

/** The service to contact, shown in every footer. */
export const serviceContactSchema = z.object({
  /** « Service insertion — territoire de l’Arrageois » */
  name: textSchema,
  email: emailAddressSchema,
  phone: z.optional(textSchema),
});
export type ServiceContact = z.infer<typeof serviceContactSchema>;

/** A dispositif of the call: « 2.7 », « Accompagnement… ». */
export const dispositifSchema = z.object({
  code: z.string().check(z.regex(/^[1-5]\.\d{1,2}$/, { message: 'code de dispositif attendu (ex. 2.7)' })),
  title: textSchema,
});
export type Dispositif = z.infer<typeof dispositifSchema>;

/** A mailbox the reader is asked to write to (an MDS, the service gestionnaire). */
export const mailboxSchema = z.object({ name: textSchema, email: emailAddressSchema });
export type Mailbox = z.infer<typeof mailboxSchema>;

/** What every email about one dossier sent to its porteur carries. */
export const porteurDossierSchema = z.object({
  contact: serviceContactSchema,
  /** The organisation, as registered: « Association L’Escale ». */
  porteurName: textSchema,
  dossierReference: textSchema,
  dispositif: dispositifSchema,
});

/** Validates a template's parameters; the error names the email kind. */
export function parseParams<S extends z.ZodMiniType>(kind: string, schema: S, params: unknown): z.infer<S> {
  const result = schema.safeParse(params);
  if (!result.success) {
    throw new TypeError(`invalid parameters for email "${kind}": ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

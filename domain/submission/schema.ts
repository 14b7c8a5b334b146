/**
 * What a porteur submits: the « dossier de demande de participation financière ».
 * The type is the schema's (z.infer). This schema checks the dossier's SHAPE — every field
 * present, typed and bounded (no unbounded string or list is accepted). What the call requires
 * of the content (a site in the Pas-de-Calais, a balanced budget, dates inside the call, …) is
 * checked by the rules in domain/rules, one module each; `checkSubmission` runs both.
 * Codes (dispositif, territories, publics) are only checked for their form here: whether they
 * exist is a rule against the catalog, with its own violation code.
 */
import * as z from 'zod/mini';
import { isoDateSchema } from '#domain/time/iso-date-schema.ts';
import { RESOURCE_SOURCES } from '#domain/catalog/codes.ts';
import { frenchIssueMessage, msg, typeError } from './french-errors.ts';
import { UNDERTAKING_KEYS, type UndertakingKey } from './undertakings.ts';
import { LIMITS, list, object, porteurSchema, text, uniqueList } from './fields.ts';

export { LEGAL_FORMS, LIMITS, porteurSchema, SITE_KINDS, siteSchema, type Porteur, type Site } from './fields.ts';

const amountCents = z
  .number({ error: typeError('number') })
  .check(
    z.int({ error: msg.cents }),
    z.nonnegative({ error: msg.cents }),
    z.lte(LIMITS.amountCents.max, { error: msg.maxCents(LIMITS.amountCents.max) }),
  );

const slugCode = z
  .string({ error: typeError('string') })
  .check(z.maxLength(LIMITS.code.max, { error: msg.maxChars(LIMITS.code.max) }), z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: msg.code }));

export const budgetExpenseSchema = object({ label: text(LIMITS.budgetLabel), amountCents });
export const budgetResourceSchema = object({
  label: text(LIMITS.budgetLabel),
  amountCents,
  source: z.enum(RESOURCE_SOURCES, { error: msg.oneOf(RESOURCE_SOURCES) }),
});
export const budgetSchema = object({
  expenses: list(budgetExpenseSchema, LIMITS.expenses),
  resources: list(budgetResourceSchema, LIMITS.resources),
});
export type Budget = z.infer<typeof budgetSchema>;

const undertakingsShape = Object.fromEntries(UNDERTAKING_KEYS.map((key) => [key, z.boolean({ error: typeError('boolean') })])) as {
  [K in UndertakingKey]: z.ZodMiniBoolean;
};
export const undertakingsSchema = object(undertakingsShape);
export type Undertakings = z.infer<typeof undertakingsSchema>;

export const submissionSchema = object({
  porteur: porteurSchema,
  dispositifCode: z.string({ error: typeError('string') }).check(z.regex(/^[1-9]\.[1-9]\d?$/, { error: msg.dispositifCode })),
  project: object({ title: text(LIMITS.projectTitle), summary: text(LIMITS.projectSummary) }),
  /** Territories where the operation runs (codes of data/catalog/territories.json). */
  territories: uniqueList(slugCode, LIMITS.territories, 'le même territoire'),
  /** Publics the operation serves (codes of data/catalog/publics.json): at least one of its dispositif's. */
  publics: uniqueList(slugCode, LIMITS.publics, 'le même public'),
  operation: object({
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    /** The operation is a « chantier d'insertion » (its hygiene and safety undertaking then applies). */
    insertionWorksite: z.boolean({ error: typeError('boolean') }),
  }),
  participantsPlanned: z
    .number({ error: typeError('number') })
    .check(
      z.int({ error: msg.positiveInt }),
      z.gte(1, { error: msg.positiveInt }),
      z.lte(LIMITS.participantsPlanned.max, { error: msg.maxInt(LIMITS.participantsPlanned.max) }),
    ),
  budget: budgetSchema,
  undertakings: undertakingsSchema,
  /**
   * The indicators the porteur proposes for its evaluation, each with its target (call: « d'autres
   * indicateurs éventuellement proposés par l'organisme dans le dossier de demande »): the
   * convention keeps them beside the dispositif's own.
   */
  indicators: z.optional(
    list(
      object({
        name: text(LIMITS.indicatorName),
        target: z
          .number({ error: typeError('number') })
          .check(
            z.int({ error: msg.positiveInt }),
            z.gte(0, { error: msg.positiveInt }),
            z.lte(LIMITS.indicatorTarget.max, { error: msg.maxInt(LIMITS.indicatorTarget.max) }),
          ),
      }),
      LIMITS.indicators,
    ).check(z.refine((xs) => new Set(xs.map((x) => x.name.toLowerCase())).size === xs.length, { error: msg.unique('le même indicateur') })),
  ),
});

/** A dossier as submitted (after trimming of its texts). */
export type Submission = z.infer<typeof submissionSchema>;
/** A top-level part of a dossier. */
export type SubmissionPart = keyof Submission;
export const SUBMISSION_PARTS = Object.keys(submissionSchema.shape) as SubmissionPart[];

/** Parses a dossier with French messages for every issue. */
export function parseSubmission(raw: unknown) {
  return submissionSchema.safeParse(raw, { error: frenchIssueMessage });
}

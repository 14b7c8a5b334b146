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
import { isWellFormedText, MALFORMED_TEXT_MESSAGE } from '#domain/text/well-formed.ts';
import { isMonthDay } from '#domain/deadlines/annual-documents.ts';
import { RESOURCE_SOURCES } from '#domain/catalog/schemas.ts';
import { frenchIssueMessage, msg, typeError } from './french-errors.ts';
import { isValidSiret } from './siret.ts';
import { UNDERTAKING_KEYS, type UndertakingKey } from './undertakings.ts';

/** Bounds of the dossier (documented so a form can show them). */
export const LIMITS = {
  porteurName: { min: 2, max: 200 },
  address: { min: 3, max: 300 },
  city: { min: 1, max: 100 },
  sites: { min: 1, max: 20 },
  projectTitle: { min: 5, max: 200 },
  projectSummary: { min: 20, max: 5000 },
  territories: { min: 1, max: 9 },
  publics: { min: 1, max: 4 },
  participantsPlanned: { max: 100_000 },
  indicators: { min: 0, max: 10 },
  indicatorName: { min: 3, max: 200 },
  indicatorTarget: { max: 1_000_000 },
  budgetLabel: { min: 1, max: 200 },
  expenses: { min: 1, max: 200 },
  resources: { min: 1, max: 50 },
  /** 1 billion euros per line: far above any dossier, far below Number.MAX_SAFE_INTEGER once summed. */
  amountCents: { max: 100_000_000_000 },
  email: { max: 254 },
  code: { max: 40 },
} as const;

/** Text a person typed: bounded and well formed (domain/text/well-formed.ts). */
const text = (limits: { min: number; max: number }) =>
  z
    .string({ error: typeError('string') })
    .check(
      z.trim(),
      z.minLength(limits.min, { error: msg.minChars(limits.min) }),
      z.maxLength(limits.max, { error: msg.maxChars(limits.max) }),
      z.refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE }),
    );

const list = <T extends z.ZodMiniType>(item: T, limits: { min: number; max: number }) =>
  z
    .array(item, { error: typeError('array') })
    .check(z.minLength(limits.min, { error: msg.minItems(limits.min) }), z.maxLength(limits.max, { error: msg.maxItems(limits.max) }));

const uniqueList = <T extends z.ZodMiniType<string>>(item: T, limits: { min: number; max: number }, what: string) =>
  list(item, limits).check(z.refine((xs) => new Set(xs).size === xs.length, { error: msg.unique(what) }));

const object = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? msg.unknownField : typeError('object')(issue)),
  });

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

export const SITE_KINDS = ['siege', 'antenne'] as const;

/**
 * Legal forms a porteur may have. `siae` is not a legal form (an SIAE is an association or a
 * company), so it is not listed; `autre` covers the rest.
 */
export const LEGAL_FORMS = [
  'association',
  'fondation',
  'cooperative',
  'entreprise',
  'collectivite-territoriale',
  'etablissement-public',
  'groupement-interet-public',
  'autre',
] as const;

export const siteSchema = object({
  kind: z.enum(SITE_KINDS, { error: msg.oneOf(SITE_KINDS) }),
  address: text(LIMITS.address),
  postalCode: z.string({ error: typeError('string') }).check(z.regex(/^\d{5}$/, { error: msg.postalCode })),
  city: text(LIMITS.city),
});
export type Site = z.infer<typeof siteSchema>;

export const porteurSchema = object({
  name: text(LIMITS.porteurName),
  siret: z
    .string({ error: typeError('string') })
    .check(z.regex(/^\d{14}$/, { error: msg.siretFormat, abort: true }), z.refine(isValidSiret, { error: msg.siret })),
  legalForm: z.enum(LEGAL_FORMS, { error: msg.oneOf(LEGAL_FORMS) }),
  contactEmail: z
    .email({ error: (issue) => (issue.input === undefined ? 'champ obligatoire' : msg.email) })
    .check(z.maxLength(LIMITS.email.max, { error: msg.maxChars(LIMITS.email.max) })),
  sites: list(siteSchema, LIMITS.sites),
  /** The porteur's fiscal year closing day, MM-DD (not always 12-31); annual documents are owed 6 months after. */
  fiscalYearEnd: z.string({ error: typeError('string') }).check(z.refine(isMonthDay, { error: msg.monthDay })),
});
export type Porteur = z.infer<typeof porteurSchema>;

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

/**
 * The dossier's bounds, the helpers its fields are built with (French messages) and the porteur:
 * apart from the whole dossier's schema (schema.ts), so what checks a porteur alone (an account
 * request, a filing invitation) does not bundle the dossier's schema and the undertakings' texts
 * (≈ 8 KB a Lambda bundle).
 */
import * as z from 'zod/mini';
import { isWellFormedText, MALFORMED_TEXT_MESSAGE } from '#domain/text/well-formed.ts';
import { isMonthDay } from '#domain/deadlines/annual-documents.ts';
import { msg, typeError } from './french-errors.ts';
import { isValidSiret } from './siret.ts';

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
export const text = (limits: { min: number; max: number }) =>
  z
    .string({ error: typeError('string') })
    .check(
      z.trim(),
      z.minLength(limits.min, { error: msg.minChars(limits.min) }),
      z.maxLength(limits.max, { error: msg.maxChars(limits.max) }),
      z.refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE }),
    );

export const list = <T extends z.ZodMiniType>(item: T, limits: { min: number; max: number }) =>
  z
    .array(item, { error: typeError('array') })
    .check(z.minLength(limits.min, { error: msg.minItems(limits.min) }), z.maxLength(limits.max, { error: msg.maxItems(limits.max) }));

export const uniqueList = <T extends z.ZodMiniType<string>>(item: T, limits: { min: number; max: number }, what: string) =>
  list(item, limits).check(z.refine((xs) => new Set(xs).size === xs.length, { error: msg.unique(what) }));

export const object = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? msg.unknownField : typeError('object')(issue)),
  });

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

/** The dossier a porteur submits: its schema (the type is the schema's) and its parts. */
export {
  submissionSchema,
  parseSubmission,
  porteurSchema,
  siteSchema,
  budgetSchema,
  undertakingsSchema,
  LIMITS,
  LEGAL_FORMS,
  SITE_KINDS,
  SUBMISSION_PARTS,
  type Submission,
  type SubmissionPart,
  type Porteur,
  type Site,
  type Budget,
  type Undertakings,
} from './schema.ts';
export { UNDERTAKINGS, UNDERTAKING_KEYS, type UndertakingKey, type UndertakingDefinition } from './undertakings.ts';
export { isValidSiret, withSiretCheckDigit } from './siret.ts';
export { frenchIssueMessage } from './french-errors.ts';

/**
 * The zod schema of a calendar date, apart from the date arithmetic (./iso-date.ts) so that a
 * function that computes dates without validating any (the outbox sender) bundles no zod for it.
 */
import * as z from 'zod/mini';
import { isIsoDate } from './iso-date.ts';

/**
 * zod schema of a real calendar date `YYYY-MM-DD` (2026-02-30 is refused): the one every schema
 * uses — submission, decisions, API bodies, catalog, workflow state, emails. French messages: a
 * porteur or an instructor reads them.
 */
export const isoDateSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'champ obligatoire' : 'doit être une date au format AAAA-MM-JJ') })
  .check(z.refine(isIsoDate, { error: 'doit être une date réelle au format AAAA-MM-JJ' }));

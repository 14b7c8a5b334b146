/** Shared set-up of the rule tests: a valid dossier and its context, then one change. */
import type { Submission } from '#domain/submission/index.ts';
import type { RuleContext } from '#domain/rules/index.ts';
import { validSubmissionContext, validSubmissionFixture, type FixtureOptions } from '#test/support/fixtures/submission.ts';

export function dossier(edit: (s: Submission) => void = () => {}, options: FixtureOptions = {}): Submission {
  const s = validSubmissionFixture(options);
  edit(s);
  return s;
}

export function context(overrides: Partial<RuleContext> = {}, options: FixtureOptions = {}): RuleContext {
  return { ...validSubmissionContext(options), ...overrides };
}

/** An instant on a Paris calendar day, at the given Paris local time (winter: UTC+1, summer: UTC+2). */
export function parisInstant(isoLocal: string, offset: '+01:00' | '+02:00'): Date {
  return new Date(`${isoLocal}${offset}`);
}

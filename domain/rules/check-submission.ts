/**
 * Checks a dossier as received: its shape (the submission schema) and every rule of the call,
 * returning every violation at once so a porteur can correct the dossier in one go.
 *
 * Each rule declares the parts of the dossier it reads; a rule runs as soon as those parts are
 * well-formed, even when other parts are not (a budget is checked for balance even if a date is
 * malformed). TypeScript checks the declaration: a rule reading a part it did not declare does
 * not compile.
 */
import type * as z from 'zod/mini';
import { frenchIssueMessage, parseSubmission, submissionSchema, type Submission, type SubmissionPart } from '#domain/submission/index.ts';
import { axeRequiredResourcesPresent } from './axe-required-resources.ts';
import { budgetIsBalanced } from './budget-balanced.ts';
import { departementParticipationRequested } from './departement-participation-requested.ts';
import { dispositifExists } from './dispositif-exists.ts';
import { operationWithinCallPeriod } from './operation-within-call-period.ts';
import { porteurHasSiteInPasDeCalais } from './porteur-in-pas-de-calais.ts';
import { dispositifPublicsTargeted } from './dispositif-publics-targeted.ts';
import { filedThroughDispositifChannel } from './submission-channel.ts';
import { submittedWithinWindow } from './submission-window.ts';
import { territoriesInPerimeter } from './territories-in-perimeter.ts';
import { requiredUndertakingsDeclared } from './undertakings-declared.ts';
import type { RuleContext, Violation } from './violation.ts';

/** A rule with the parts of the dossier it reads. */
export interface RegisteredRule {
  readonly name: string;
  readonly reads: readonly SubmissionPart[];
  run(parts: Partial<Submission>, ctx: RuleContext): Violation[];
}

/** Registers a rule; `reads` must name every part the rule's parameter type picks. */
export function registerRule<K extends SubmissionPart>(
  reads: readonly K[],
  check: (submission: Pick<Submission, NoInfer<K>>, ctx: RuleContext) => Violation[],
): RegisteredRule {
  return {
    name: check.name,
    reads,
    run: (parts, ctx) => check(parts as Pick<Submission, K>, ctx),
  };
}

/** Every rule of the call, in the order their violations are reported. */
export const RULES: readonly RegisteredRule[] = [
  registerRule(['dispositifCode'], dispositifExists),
  registerRule(['dispositifCode'], filedThroughDispositifChannel),
  registerRule(['dispositifCode'], submittedWithinWindow),
  registerRule(['porteur'], porteurHasSiteInPasDeCalais),
  registerRule(['territories', 'dispositifCode'], territoriesInPerimeter),
  registerRule(['publics', 'dispositifCode'], dispositifPublicsTargeted),
  registerRule(['operation', 'dispositifCode'], operationWithinCallPeriod),
  registerRule(['budget'], budgetIsBalanced),
  registerRule(['budget'], departementParticipationRequested),
  registerRule(['budget', 'dispositifCode'], axeRequiredResourcesPresent),
  registerRule(['undertakings', 'operation', 'dispositifCode'], requiredUndertakingsDeclared),
];

export type CheckResult = { ok: true; submission: Submission } | { ok: false; violations: Violation[] };

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Schema issues as violations: MISSING_FIELD, UNKNOWN_FIELD (one per key) or INVALID_FIELD. */
export function violationsOfIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): Violation[] {
  return issues.flatMap((issue): Violation[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: dotted([...issue.path, key]), code: 'UNKNOWN_FIELD', message: 'champ non attendu' }));
    }
    const missing = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
    return [{ path: dotted(issue.path), code: missing ? 'MISSING_FIELD' : 'INVALID_FIELD', message: issue.message }];
  });
}

/** Runs every rule whose parts are all available. */
function runRules(parts: Partial<Submission>, ctx: RuleContext, rules: readonly RegisteredRule[]): Violation[] {
  return rules.filter((r) => r.reads.every((p) => parts[p] !== undefined)).flatMap((r) => r.run(parts, ctx));
}

/**
 * Parses `rawInput` as a dossier and checks every rule of the call.
 * `{ ok: true, submission }` when nothing is wrong; otherwise every violation found.
 */
export function checkSubmission(rawInput: unknown, ctx: RuleContext, rules: readonly RegisteredRule[] = RULES): CheckResult {
  const parsed = parseSubmission(rawInput);
  if (parsed.success) {
    const violations = runRules(parsed.data, ctx, rules);
    return violations.length ? { ok: false, violations } : { ok: true, submission: parsed.data };
  }
  const violations = violationsOfIssues(parsed.error.issues, rawInput);
  if (rawInput !== null && typeof rawInput === 'object' && !Array.isArray(rawInput)) {
    // Parse each well-formed part on its own, so the rules that read only those still run.
    const parts: Partial<Record<SubmissionPart, unknown>> = {};
    for (const [part, schema] of Object.entries(submissionSchema.shape) as [SubmissionPart, z.ZodMiniType][]) {
      const one = schema.safeParse((rawInput as Record<string, unknown>)[part], { error: frenchIssueMessage });
      if (one.success) parts[part] = one.data;
    }
    violations.push(...runRules(parts as Partial<Submission>, ctx, rules));
  }
  return { ok: false, violations };
}

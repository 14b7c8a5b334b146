/**
 * What each decision of a task carries beyond its name, as zod schemas (French messages: an
 * instructor or a porteur reads them), declared with the step in workflows/<machine>.ts. The API
 * validates a decision with these before anything is written; the workflow's actions read the
 * stored details back through the same schemas.
 */
import type * as z from 'zod/mini';
import { HUMAN_STEPS, type AnyHumanStep } from '#workflows/machines.ts';

/** The details schema of each (step, decision). */
export type DecisionDetails = {
  [S in AnyHumanStep as S['id']]: { [D in keyof S['decisions']]: S['decisions'][D] extends { details: infer T } ? T : never };
};

export const DECISION_DETAILS = Object.fromEntries(
  HUMAN_STEPS.map((step) => [step.id, Object.fromEntries(Object.entries(step.decisions).map(([decision, d]) => [decision, d.details]))]),
) as DecisionDetails;

export function decisionDetailsSchema(step: string, decision: string): z.ZodMiniType | undefined {
  const byDecision = (DECISION_DETAILS as Record<string, Record<string, z.ZodMiniType> | undefined>)[step];
  return byDecision?.[decision];
}

/** The stored details of a decided task, typed by its step and decision. */
export function readDetails<S extends keyof DecisionDetails, D extends keyof DecisionDetails[S]>(
  step: S,
  decision: D,
  details: unknown,
): z.infer<DecisionDetails[S][D] & z.ZodMiniType> {
  const schema = DECISION_DETAILS[step][decision] as z.ZodMiniType;
  return schema.parse(details ?? {}) as z.infer<DecisionDetails[S][D] & z.ZodMiniType>;
}

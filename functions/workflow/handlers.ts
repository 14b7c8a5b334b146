/**
 * The functions the state machines call, and the scheduled redelivery, as Lambda handlers over the
 * domain (functions/observability.ts): each takes its dependencies, so the Lambda entries
 * (plan-step.ts, create-task.ts, apply-action.ts, redeliver-decisions.ts) build them from the
 * environment and the local platform passes its own. The execution's functions write no log line
 * of their own: a failure goes back to the execution, which records it.
 */
import type { ActionDeps } from '#domain/workflow/actions/common.ts';
import { applyAction } from '#domain/workflow/apply-action.ts';
import { createTask, createTaskInputSchema } from '#domain/workflow/create-task.ts';
import { redeliverDecisions } from '#domain/workflow/decide.ts';
import type { EngineDeps, RedeliveryDeps, Uses } from '#domain/workflow/deps.ts';
import { planStep, planStepInputSchema } from '#domain/workflow/plan-step.ts';
import { lambdaHandler, logLine, timed } from '../observability.ts';

export function planStepHandler(deps: Uses<'dossiers' | 'commits'>) {
  return lambdaHandler(async (event: unknown) => planStep(deps, planStepInputSchema.parse(event)));
}

export function createTaskHandler(deps: EngineDeps) {
  return lambdaHandler(async (event: unknown) => createTask(deps, createTaskInputSchema.parse(event)));
}

export function applyActionHandler(deps: ActionDeps) {
  return lambdaHandler(async (event: unknown) => applyAction(deps, event));
}

/** Scheduled: hands over the decisions recorded but never given to their execution (a crash in between). */
export function redeliverDecisionsHandler(deps: RedeliveryDeps) {
  return lambdaHandler(async (_event: unknown, context) => {
    const redelivered = await timed('redeliver-decisions', () => redeliverDecisions(deps));
    if (redelivered > 0) logLine(context, 'info', 'decisions redelivered', { redelivered });
    return { redelivered };
  });
}

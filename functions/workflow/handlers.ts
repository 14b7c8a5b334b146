/**
 * The functions the state machines call, and the scheduled redelivery, as Lambda handlers over the
 * domain (functions/observability.ts): each takes its dependencies, so the Lambda entries
 * (plan-step.ts, create-task.ts, apply-action.ts, redeliver-decisions.ts) build them from the
 * environment and the local platform passes its own. Each invocation's log lines carry the
 * dossier's id and the execution's name.
 */
import type { ActionDeps } from '#domain/workflow/actions/common.ts';
import { applyAction } from '#domain/workflow/apply-action.ts';
import { createTask, createTaskInputSchema } from '#domain/workflow/create-task.ts';
import { redeliverDecisions } from '#domain/workflow/decide.ts';
import type { EngineDeps, RedeliveryDeps, Uses } from '#domain/workflow/deps.ts';
import { planStep, planStepInputSchema } from '#domain/workflow/plan-step.ts';
import { lambdaHandler, logger, timed } from '../observability.ts';

/** The keys of an execution's call: which dossier, which execution. */
function keyed(event: unknown): void {
  const { dossierId, executionName } = (event ?? {}) as { dossierId?: unknown; executionName?: unknown };
  logger.appendKeys({
    ...(typeof dossierId === 'string' ? { dossierId } : {}),
    ...(typeof executionName === 'string' ? { executionName } : {}),
  });
}

export function planStepHandler(deps: Uses<'dossiers' | 'commits'>) {
  return lambdaHandler(async (event: unknown) => {
    keyed(event);
    return planStep(deps, planStepInputSchema.parse(event));
  });
}

export function createTaskHandler(deps: EngineDeps) {
  return lambdaHandler(async (event: unknown) => {
    keyed(event);
    return createTask(deps, createTaskInputSchema.parse(event));
  });
}

export function applyActionHandler(deps: ActionDeps) {
  return lambdaHandler(async (event: unknown) => {
    keyed(event);
    return applyAction(deps, event);
  });
}

/** Scheduled: hands over the decisions recorded but never given to their execution (a crash in between). */
export function redeliverDecisionsHandler(deps: RedeliveryDeps) {
  return lambdaHandler(async () => {
    const redelivered = await timed('redeliver-decisions', () => redeliverDecisions(deps));
    if (redelivered > 0) logger.info('decisions redelivered', { redelivered });
    return { redelivered };
  });
}

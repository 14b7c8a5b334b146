/**
 * The three functions the state machines call, as middy handlers over the domain: each takes its
 * dependencies, so the Lambda entries (plan-step.ts, create-task.ts, apply-action.ts) build them
 * from the environment and the local platform passes its own.
 */
import middy from '@middy/core';
import type { ActionDeps } from '#domain/workflow/actions/common.ts';
import { applyAction } from '#domain/workflow/apply-action.ts';
import { redeliverDecisions } from '#domain/workflow/decide.ts';
import { createTask, createTaskInputSchema } from '#domain/workflow/create-task.ts';
import type { EngineDeps, Uses } from '#domain/workflow/deps.ts';
import { planStep, planStepInputSchema } from '#domain/workflow/plan-step.ts';

export function planStepHandler(deps: Uses<'dossiers' | 'commits'>) {
  return middy(async (event: unknown) => planStep(deps, planStepInputSchema.parse(event)));
}

export function createTaskHandler(deps: EngineDeps) {
  return middy(async (event: unknown) => createTask(deps, createTaskInputSchema.parse(event)));
}

export function applyActionHandler(deps: ActionDeps) {
  return middy(async (event: unknown) => applyAction(deps, event));
}

/** Scheduled: hands over the decisions recorded but never given to their execution (a crash in between). */
export function redeliverDecisionsHandler(deps: EngineDeps) {
  return middy(async () => ({ redelivered: await redeliverDecisions(deps) }));
}

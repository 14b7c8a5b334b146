/**
 * The one function behind every action state of the workflows: the action named in the payload,
 * from the registry below, then the actions folded after it (`andThen`) in order, then the plan of
 * the human step the state leads to (`plan`). Each action is idempotent on its own: a retried
 * call runs them all again. A test checks that every action a definition names is here.
 */
import {
  actionInputSchema,
  applyActionPayloadSchema,
  type Action,
  type ActionDeps,
  type ActionOutcome,
  type ActionResult,
} from './actions/common.ts';
import { BILAN_ACTIONS } from './actions/bilan.ts';
import { EXECUTION_ACTIONS } from './actions/execution.ts';
import { INSTRUCTION_ACTIONS } from './actions/instruction.ts';
import { SHARED_ACTIONS } from './actions/shared.ts';
import type { DossierChange } from './dossier-change.ts';
import { openStepIn, planStep, type StepPlan } from './plan-step.ts';

export const ACTIONS: Readonly<Record<string, Action>> = {
  ...INSTRUCTION_ACTIONS,
  ...EXECUTION_ACTIONS,
  ...BILAN_ACTIONS,
  ...SHARED_ACTIONS,
};

export async function applyAction(deps: ActionDeps, payload: unknown): Promise<ActionResult & { plan?: StepPlan | null }> {
  const { andThen = [], plan, planUnless, executionStartedAt, ...first } = applyActionPayloadSchema.parse(payload);
  const ids = { dossierId: first.dossierId, generation: first.generation, executionName: first.executionName };
  const inputs = [first, ...andThen.map((fields) => actionInputSchema.parse({ ...fields, ...ids }))];
  // Every name known before anything is written.
  const actions = inputs.map((input) => {
    const action = ACTIONS[input.action];
    if (!action) throw new Error(`unknown workflow action: ${input.action}`);
    return action;
  });
  if (plan !== undefined && executionStartedAt === undefined)
    throw new Error(`action ${first.action}: plan of ${plan} without executionStartedAt`);
  const planned = (result: ActionResult) =>
    plan !== undefined && !(planUnless && Object.entries(planUnless).some(([field, values]) => values.includes(String(result[field]))));
  // The step the call leads to opens in the last action's commit (when it commits through `act`).
  const opening = (change: DossierChange, result: ActionResult) => {
    if (planned(result)) openStepIn(change, plan!, deps.clock.now());
  };
  // Each action takes the dossier the one before it left, and the step is planned on the last one's: one read per call.
  let last: ActionOutcome | undefined;
  for (const [i, action] of actions.entries())
    last = await action(deps, inputs[i]!, {
      ...(last ? { known: last.dossier, ...(last.task ? { knownTask: last.task } : {}) } : {}),
      ...(i === actions.length - 1 ? { fold: opening } : {}),
    });
  const { result, dossier } = last!;
  if (plan === undefined) return result;
  const stepPlan = planned(result)
    ? await planStep(deps, { step: plan, ...ids, executionStartedAt: executionStartedAt! }, { read: dossier })
    : null;
  // With `planUnless` the state becomes what the call returns: the ids echoed.
  return planUnless ? { ...result, dossierId: ids.dossierId, generation: ids.generation, plan: stepPlan } : { ...result, plan: stepPlan };
}

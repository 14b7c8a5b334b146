/**
 * The one function behind every `ApplyAction` state of the workflows: the action named in the
 * payload, from the registry below. A test checks that every action a definition names is here.
 */
import { actionInputSchema, type Action, type ActionDeps, type ActionResult } from './actions/common.ts';
import { BILAN_ACTIONS } from './actions/bilan.ts';
import { EXECUTION_ACTIONS } from './actions/execution.ts';
import { INSTRUCTION_ACTIONS } from './actions/instruction.ts';
import { SHARED_ACTIONS } from './actions/shared.ts';

export const ACTIONS: Readonly<Record<string, Action>> = {
  ...INSTRUCTION_ACTIONS,
  ...EXECUTION_ACTIONS,
  ...BILAN_ACTIONS,
  ...SHARED_ACTIONS,
};

export async function applyAction(deps: ActionDeps, payload: unknown): Promise<ActionResult> {
  const input = actionInputSchema.parse(payload);
  const action = ACTIONS[input.action];
  if (!action) throw new Error(`unknown workflow action: ${input.action}`);
  return action(deps, input);
}

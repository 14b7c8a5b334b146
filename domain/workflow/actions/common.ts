/**
 * What the workflow's actions share: their input (ids only, from the state machine), the one
 * change each makes to its dossier (read once, with the decided task when there is one). (What an
 * action does to the dossier's status: domain/dossier/lifecycle.ts.)
 */
import * as z from 'zod/mini';
import { RecordNotFoundError } from '#domain/ports/errors.ts';
import type { Task } from '#domain/ports/records.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { Uses } from '../deps.ts';
import { changeDossier, type ChangeOutcome, type DossierChange } from '../dossier-change.ts';
import type { DossierRecord } from '../state.ts';

/** One action and the fields it takes beyond the ids. */
const actionFields = z.object({
  action: z.string(),
  /** The callback's output: `{ taskId, decision }` (SendTaskSuccess from domain/workflow/decide.ts). */
  decision: z.optional(z.object({ taskId: z.string(), decision: z.string() })),
  request: z.optional(z.object({ taskId: z.string(), decision: z.string() })),
  eventId: z.optional(z.string()),
  milestone: z.optional(z.string()),
  step: z.optional(z.string()),
  error: z.optional(z.object({ Error: z.string(), Cause: z.optional(z.string()) })),
});

export const actionInputSchema = z.extend(actionFields, {
  dossierId: z.string(),
  generation: z.number().check(z.int(), z.positive()),
  executionName: z.string(),
});
export type ActionInput = z.infer<typeof actionInputSchema>;

/**
 * What an ApplyAction state sends (workflows/asl.ts, foldLambdaChains): an action, the actions
 * that follow it in the flow (`andThen`, each with its own fields), and the human step it leads to,
 * planned in the same call (`plan`, with `$$.Execution.StartTime`; `planUnless` the result routes it
 * elsewhere, the ids then echoed: the state becomes what the function returns).
 */
export const applyActionPayloadSchema = z.extend(actionInputSchema, {
  andThen: z.optional(z.array(actionFields)),
  plan: z.optional(z.string()),
  /** Plan only when the last action's result has none of these values in that field (the Choice after the state would route it elsewhere). */
  planUnless: z.optional(z.record(z.string(), z.array(z.string()))),
  executionStartedAt: z.optional(z.string()),
});

export interface ActionResult {
  outcome: string;
  [key: string]: unknown;
}

/**
 * What an action returns: its result, and the dossier it leaves (committed, or as read when it
 * changed nothing), which what follows in the same call (the step it plans) takes instead of
 * reading it again.
 */
export interface ActionOutcome {
  result: ActionResult;
  dossier: DossierRecord;
  /** The decided task the action read (its input names one): the next action of the call applying the same decision takes it. */
  task?: Task;
}

export type ActionDeps = Uses<'dossiers' | 'commits' | 'tasks' | 'envelopes' | 'deadlines'>;
/** How an action runs within its call (../apply-action.ts). */
export interface ActionCall {
  /** The dossier the previous action of the call left (`andThen`): taken instead of reading it again. */
  known?: DossierRecord;
  /** The decided task the previous action of the call read: taken instead of reading it again when the input names it. */
  knownTask?: Task;
  /** A change folded into the action's own commit once its result is known (the next step's opening). */
  fold?: (change: DossierChange, result: ActionResult) => void;
}
export type Action = (deps: ActionDeps, input: ActionInput, call?: ActionCall) => Promise<ActionOutcome>;

/**
 * The dossier, and the decided task whose decision the action applies when its input names one: one
 * round trip, none when the dossier is `known` and the task, if the input names one, too (an action
 * before it in the same call applied the same decision: the decided task does not change).
 */
export async function readForAction(
  deps: ActionDeps,
  input: ActionInput,
  known?: DossierRecord,
  knownTask?: Task,
): Promise<{ dossier: DossierRecord; task?: Task }> {
  const ref = input.decision ?? input.request;
  if (ref && known && knownTask?.id === ref.taskId) return { dossier: known, task: knownTask };
  if (!ref) {
    if (known) return { dossier: known };
    const dossier = await deps.dossiers.get(input.dossierId);
    if (!dossier) throw new RecordNotFoundError('dossier', input.dossierId);
    return { dossier };
  }
  const found = await deps.tasks.getForDecision(ref.taskId);
  if (!found) throw new RecordNotFoundError('task', ref.taskId);
  if (!found.dossier || found.dossier.id !== input.dossierId) throw new RecordNotFoundError('dossier', input.dossierId);
  return { dossier: found.dossier, task: found.task };
}

/** The decided task of an action that applies a decision. */
export function decidedTask(input: ActionInput, task: Task | undefined): Task {
  if (!task) throw new Error(`action ${input.action}: no decision in its input`);
  return task;
}

/**
 * An action as one change of its dossier: `describe` builds it from the dossier (and the decided
 * task) and returns the action's result; everything it owes is committed together. A change
 * already made is seen in the dossier's state (its lifecycle `transition`), or by its marker (`change.markAs`).
 * A decision the action applies has reached its execution: the commit confirms its hand-over.
 */
export async function act(
  deps: ActionDeps,
  input: ActionInput,
  describe: (change: DossierChange, task: Task | undefined) => ActionResult,
  call: ActionCall = {},
): Promise<ChangeOutcome<ActionResult> & { task?: Task }> {
  const { dossier, task } = await readForAction(deps, input, call.known, call.knownTask);
  const outcome = await changeDossier(
    deps,
    input.dossierId,
    (change) => {
      const result = describe(change, task);
      call.fold?.(change, result);
      if (task) change.confirmDecision(task.id);
      return result;
    },
    { read: dossier },
  );
  return task ? { ...outcome, task } : outcome;
}

export function today(deps: Pick<ActionDeps, 'clock'>): string {
  return parisDateOf(deps.clock.now());
}

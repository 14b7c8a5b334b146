/**
 * What the workflow's actions share: their input (ids only, from the state machine), the task a
 * decision came from, the status guard, the timeline entry written once per action.
 */
import * as z from 'zod';
import { RecordNotFoundError } from '#domain/ports/errors.ts';
import type { DossierStatus, Task } from '#domain/ports/records.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { WorkflowDeps } from '../deps.ts';
import type { DossierRecord } from '../state.ts';

export const actionInputSchema = z.object({
  action: z.string(),
  dossierId: z.string(),
  generation: z.number().int().positive(),
  executionName: z.string(),
  /** The callback's output: `{ taskId, decision }` (SendTaskSuccess from domain/workflow/decide.ts). */
  decision: z.object({ taskId: z.string(), decision: z.string() }).optional(),
  request: z.object({ taskId: z.string(), decision: z.string() }).optional(),
  eventId: z.string().optional(),
  milestone: z.string().optional(),
  step: z.string().optional(),
  error: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
});
export type ActionInput = z.infer<typeof actionInputSchema>;

export interface ActionResult {
  outcome: string;
  [key: string]: unknown;
}

export type Action = (deps: WorkflowDeps, input: ActionInput) => Promise<ActionResult>;

/** The decided task whose decision the action applies. */
export async function decidedTask(deps: WorkflowDeps, input: ActionInput): Promise<Task> {
  const ref = input.decision ?? input.request;
  if (!ref) throw new Error(`action ${input.action}: no decision in its input`);
  const task = await deps.repo.getTask(ref.taskId);
  if (!task) throw new RecordNotFoundError('task', ref.taskId);
  return task;
}

/**
 * How far along its life a dossier is: a status never goes back to a lower stage (the loops —
 * complements, adjournment, bilan complements — stay within one stage).
 */
const STAGE: Record<DossierStatus, number> = {
  submitted: 0,
  'completeness-check': 1,
  'awaiting-complements': 1,
  'chief-validation': 2,
  'ready-for-cp': 3,
  'cp-adjourned': 3,
  'cp-favourable': 4,
  'convention-drafted': 5,
  'convention-signed': 6,
  'in-execution': 7,
  'payments-suspended': 7,
  'bilan-due': 8,
  'bilan-review': 8,
  closed: 9,
  'reimbursement-demanded': 9,
  rejected: 9,
  incomplete: 9,
  'cp-unfavourable': 9,
};

/**
 * The status guard of an action: the dossier must be in one of `from` — or already in `to`, or
 * past it (the action ran before and is replayed: a segment re-run after a crash replays every
 * action since its resume point, so it may find the dossier several actions further). Anything
 * else is a broken invariant, not retried.
 */
export function guardStatus(dossier: DossierRecord, action: string, from: readonly DossierStatus[], to: DossierStatus): 'apply' | 'done' {
  if (dossier.status === to) return 'done';
  if (from.includes(dossier.status)) return 'apply';
  if (STAGE[dossier.status] > STAGE[to]) return 'done';
  throw new Error(`action ${action}: dossier ${dossier.id} is ${dossier.status}, expected one of ${from.join(', ')} or ${to}`);
}

/** A timeline entry written once per (action, key) however many times the action runs. */
export function record(
  deps: WorkflowDeps,
  dossierId: string,
  type: string,
  key: string,
  data: Record<string, unknown> = {},
  actor = 'system',
) {
  return deps.repo.appendTimelineEvent(dossierId, { type, actor, data, idempotencyKey: `${type}#${key}` });
}

export function today(deps: WorkflowDeps): string {
  return parisDateOf(deps.clock.now());
}

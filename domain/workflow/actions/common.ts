/**
 * What the workflow's actions share: their input (ids only, from the state machine), the task a
 * decision came from, the timeline entry written once per action. (What an action does to the
 * dossier's status: domain/dossier/lifecycle.ts.)
 */
import { z } from 'zod';
import { RecordNotFoundError } from '#domain/ports/errors.ts';
import type { Task } from '#domain/ports/records.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { WorkflowDeps } from '../deps.ts';

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

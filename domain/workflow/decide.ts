/**
 * A decision on a task: checked against what the task's step allows (domain/workflow/decisions.ts),
 * recorded on the task with one conditional write (of concurrent deciders exactly one wins), then
 * handed to the waiting execution with SendTaskSuccess. Retrying one's own decision is a replay,
 * not a conflict; the execution only ever receives `{ taskId, decision }` (ids, no personal data).
 */
import { z } from 'zod';
import { DecisionNotAllowedError, RecordNotFoundError, TaskAlreadyDecidedError } from '#domain/ports/errors.ts';
import type { JsonObject, Task } from '#domain/ports/records.ts';
import { TaskNotOpenError, type EngineDeps } from './deps.ts';
import { decisionDetailsSchema } from './decisions.ts';

export interface DecisionRequest {
  taskId: string;
  decision: string;
  /** Who decides: a user id (`porteur:<id>`, an instructor's id, `system`). */
  actor: string;
  comment?: string;
  details?: unknown;
}

/** A decision's details break the step's rules; `issues` name each field in French. */
export class DecisionDetailsInvalidError extends Error {
  override name = 'DecisionDetailsInvalidError';
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`invalid decision details: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

export function validateDecisionDetails(task: Pick<Task, 'id' | 'kind' | 'allowedDecisions'>, decision: string, details: unknown): JsonObject {
  if (!task.allowedDecisions.includes(decision)) throw new DecisionNotAllowedError(task.id, decision, task.allowedDecisions);
  const schema = decisionDetailsSchema(task.kind, decision) ?? z.strictObject({});
  const parsed = schema.safeParse(details ?? {});
  if (!parsed.success) {
    throw new DecisionDetailsInvalidError(parsed.error.issues.map((i) => ({ path: ['details', ...i.path].join('.'), message: i.message })));
  }
  return parsed.data as JsonObject;
}

export async function decide(deps: EngineDeps, request: DecisionRequest): Promise<Task> {
  const task = await deps.repo.getTask(request.taskId);
  if (!task) throw new RecordNotFoundError('task', request.taskId);
  let replay = false;
  let decided: Task;
  if (task.status === 'open') {
    const details = validateDecisionDetails(task, request.decision, request.details);
    try {
      decided = await deps.repo.decideTask(task.id, request.decision, request.actor, request.comment, details);
    } catch (error) {
      if (!(error instanceof TaskAlreadyDecidedError) || !isOwnDecision(error, request)) throw error;
      decided = (await deps.repo.getTask(task.id)) as Task;
      replay = true;
    }
  } else if (task.status === 'decided' && task.decision === request.decision && task.decidedBy === request.actor) {
    decided = task;
    replay = true;
  } else {
    throw new TaskAlreadyDecidedError(task.id, task.status, task.decision, task.decidedBy);
  }
  await deps.repo.appendTimelineEvent(task.dossierId, {
    type: 'task-decided',
    actor: request.actor,
    data: { taskId: task.id, step: task.kind, decision: request.decision, ...(decided.comment ? { comment: decided.comment } : {}), details: decided.details ?? {} },
    idempotencyKey: `task-decided#${task.id}`,
  });
  const token = await deps.repo.getTaskToken(task.id);
  if (!token) throw new Error(`task ${task.id} has no callback token`);
  try {
    await deps.engine.sendTaskSuccess(token, { taskId: task.id, decision: request.decision });
  } catch (error) {
    // A replay finds the execution already moved on: the decision was delivered the first time.
    if (!(error instanceof TaskNotOpenError) || !replay) throw error;
  }
  return decided;
}

function isOwnDecision(error: TaskAlreadyDecidedError, request: DecisionRequest): boolean {
  return error.status === 'decided' && error.decision === request.decision && error.decidedBy === request.actor;
}

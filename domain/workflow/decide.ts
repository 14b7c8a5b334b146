/**
 * A decision on a task: checked against what the task's step allows (domain/workflow/decisions.ts),
 * recorded on the task with one conditional write (of concurrent deciders exactly one wins), then
 * handed to the waiting execution with SendTaskSuccess. Retrying one's own decision is a replay,
 * not a conflict; the execution only ever receives `{ taskId, decision }` (ids, no personal data).
 */
import * as z from 'zod';
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

export function validateDecisionDetails(
  task: Pick<Task, 'id' | 'kind' | 'allowedDecisions'>,
  decision: string,
  details: unknown,
): JsonObject {
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
  try {
    await deliverDecision(deps, decided);
  } catch (error) {
    // A replay finds the execution already moved on: the decision was delivered the first time.
    if (!(error instanceof TaskNotOpenError) || !replay) throw error;
  }
  return decided;
}

/**
 * Writes a recorded decision in the dossier's timeline and hands it to its waiting execution
 * (SendTaskSuccess), then takes it off the undelivered list. A decision recorded but never
 * handed over (a crash in between) is handed over again by `redeliverDecisions`. @throws TaskNotOpenError when the execution no longer waits
 * (the decision is then taken off the list: there is nobody left to give it to).
 */
export async function deliverDecision(deps: EngineDeps, task: Task): Promise<void> {
  await deps.repo.appendTimelineEvent(task.dossierId, {
    type: 'task-decided',
    actor: task.decidedBy ?? 'system',
    data: {
      taskId: task.id,
      step: task.kind,
      decision: task.decision ?? '',
      ...(task.comment ? { comment: task.comment } : {}),
      details: task.details ?? {},
    },
    idempotencyKey: `task-decided#${task.id}`,
  });
  const token = await deps.repo.getTaskToken(task.id);
  if (!token) throw new Error(`task ${task.id} has no callback token`);
  try {
    await deps.engine.sendTaskSuccess(token, { taskId: task.id, decision: task.decision });
  } catch (error) {
    if (error instanceof TaskNotOpenError) await deps.repo.markDecisionDelivered(task.id);
    throw error;
  }
  await deps.repo.markDecisionDelivered(task.id);
}

/** Delivers the decisions recorded `graceMs` ago or earlier and still not handed to their execution. */
export async function redeliverDecisions(deps: EngineDeps, graceMs = 60_000): Promise<number> {
  const stale = await deps.repo.listUndeliveredDecisions(new Date(deps.clock.now().getTime() - graceMs), 100);
  for (const task of stale) {
    try {
      await deliverDecision(deps, task);
    } catch (error) {
      if (!(error instanceof TaskNotOpenError)) throw error;
    }
  }
  return stale.length;
}

function isOwnDecision(error: TaskAlreadyDecidedError, request: DecisionRequest): boolean {
  return error.status === 'decided' && error.decision === request.decision && error.decidedBy === request.actor;
}

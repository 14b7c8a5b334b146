/**
 * A decision on a task: checked against what the task's step allows (domain/workflow/decisions.ts),
 * recorded in one commit — the task decided, the `task-decided` event in the dossier's timeline,
 * and, for a favourable decision of the Commission Permanente, its envelope commitment — then
 * handed to the waiting execution with SendTaskSuccess. Of concurrent deciders exactly one wins;
 * retrying one's own decision is a replay, not a conflict. Three round trips: the task with its
 * dossier (one read), the commit, SendTaskSuccess. The execution only ever receives
 * `{ taskId, decision }` (ids, no personal data).
 *
 * The decision stays on a queue of decisions to confirm until the execution's action that applies
 * it confirms it in its own commit (actions/common.ts `act`), or `redeliverDecisions` has seen the
 * execution no longer waiting for it: a crash between the commit and SendTaskSuccess leaves it
 * there, and it is handed over then — never lost.
 */
import * as z from 'zod/mini';
import { DecisionNotAllowedError, RecordNotFoundError, TaskAlreadyDecidedError } from '#domain/ports/errors.ts';
import type { JsonObject, Task } from '#domain/ports/records.ts';
import { type RedeliveryDeps, TaskNotOpenError, type Uses } from './deps.ts';
import { decisionDetailsSchema } from './decisions.ts';
import { changeDossier } from './dossier-change.ts';
import { envelopeCommitmentOf } from './envelope-commitment.ts';
import type { DossierRecord } from './state.ts';
import { DecisionDetailsInvalidError } from './errors.ts';

export interface DecisionRequest {
  taskId: string;
  decision: string;
  /** Who decides: a user id (`porteur:<id>`, an instructor's id, `system`). */
  actor: string;
  comment?: string;
  details?: unknown;
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

/** A task as a decision reads it: with its callback token and its dossier (one round trip). */
export interface LoadedTask {
  task: Task;
  taskToken: string;
  dossier: DossierRecord;
}

export async function loadTask(deps: Uses<'tasks'>, taskId: string): Promise<LoadedTask> {
  const found = await deps.tasks.getForDecision(taskId);
  if (!found?.dossier) throw new RecordNotFoundError('task', taskId);
  return { task: found.task, taskToken: found.taskToken, dossier: found.dossier };
}

export type DecideDeps = Uses<'tasks' | 'dossiers' | 'commits' | 'engine'>;

/** Records a decision and hands it to the execution. `loaded`: the task as the caller already read it. */
export async function decide(deps: DecideDeps, request: DecisionRequest, loaded?: LoadedTask): Promise<Task> {
  const { task, taskToken, dossier } = loaded ?? (await loadTask(deps, request.taskId));
  let replay = false;
  let decided: Task;
  if (task.status === 'open') {
    const details = validateDecisionDetails(task, request.decision, request.details);
    try {
      decided = await recordDecision(deps, task, dossier, request, details);
    } catch (error) {
      if (!(error instanceof TaskAlreadyDecidedError) || !isOwnDecision(error, request)) throw error;
      decided = (await deps.tasks.get(task.id)) as Task;
      replay = true;
    }
  } else if (task.status === 'decided' && task.decision === request.decision && task.decidedBy === request.actor) {
    decided = task;
    replay = true;
  } else {
    throw new TaskAlreadyDecidedError(task.id, task.status, task.decision, task.decidedBy);
  }
  try {
    await deps.engine.sendTaskSuccess(taskToken, { taskId: decided.id, decision: decided.decision });
  } catch (error) {
    // A replay finds the execution already moved on: the decision was delivered the first time.
    if (!(error instanceof TaskNotOpenError) || !replay) throw error;
  }
  return decided;
}

async function recordDecision(
  deps: DecideDeps,
  task: Task,
  dossier: DossierRecord,
  request: DecisionRequest,
  details: JsonObject,
): Promise<Task> {
  const { dossier: after } = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      change.decide({
        taskId: task.id,
        decision: request.decision,
        decidedBy: request.actor,
        ...(request.comment !== undefined ? { comment: request.comment } : {}),
        details,
      });
      const step = change.workflow.steps[task.kind];
      if (step?.taskId === task.id) step.decided = true;
      const commitment = envelopeCommitmentOf(deps.catalog, change.read, task, request.decision, details);
      if (commitment) change.commitEnvelope(commitment);
      change.record(
        'task-decided',
        {
          taskId: task.id,
          step: task.kind,
          decision: request.decision,
          ...(request.comment ? { comment: request.comment } : {}),
          details,
        },
        request.actor,
      );
      return undefined;
    },
    { read: dossier },
  );
  return {
    ...task,
    status: 'decided',
    decision: request.decision,
    decidedBy: request.actor,
    decidedAt: after.updatedAt,
    ...(request.comment !== undefined ? { comment: request.comment } : {}),
    details,
    version: task.version + 1,
  };
}

/**
 * Hands over the decisions recorded `graceMs` ago or earlier whose hand-over is not confirmed:
 * SendTaskSuccess again — a decision the execution already has is answered "no longer waiting" —
 * and the decision leaves the queue. Returns how many were handed over (not merely confirmed).
 */
export async function redeliverDecisions(deps: RedeliveryDeps, graceMs = 60_000): Promise<number> {
  const stale = await deps.tasks.listUnconfirmedDecisions(new Date(deps.clock.now().getTime() - graceMs), 100);
  let handedOver = 0;
  for (const { taskId, decision, taskToken } of stale) {
    try {
      await deps.engine.sendTaskSuccess(taskToken, { taskId, decision });
      handedOver++;
    } catch (error) {
      if (!(error instanceof TaskNotOpenError)) throw error;
    }
    await deps.tasks.confirmDecisionDelivered(taskId);
  }
  return handedOver;
}

function isOwnDecision(error: TaskAlreadyDecidedError, request: DecisionRequest): boolean {
  return error.status === 'decided' && error.decision === request.decision && error.decidedBy === request.actor;
}

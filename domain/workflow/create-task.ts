/**
 * The handler of every callback task: stores the task with its token for the step's role and
 * territory and notifies the assignee. Runs at least once per token (a crashed segment re-runs
 * with the same token): the task id is derived from the token, so a second run finds the task
 * already there and queues nothing new.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { RecordAlreadyExistsError } from '#domain/ports/errors.ts';
import type { EngineDeps } from './deps.ts';
import { wakeMonitor } from './execution-events.ts';
import { roleMailbox } from './mailboxes.ts';
import { queueEmail, taskFacts } from './notify.ts';
import { changeDossier, loadDossier } from './state.ts';
import { stepDefinition } from './steps.ts';
import type { TaskDecision } from '#domain/notifications/index.ts';

export const createTaskInputSchema = z.object({
  taskToken: z.string().min(1),
  dossierId: z.string(),
  generation: z.number().int().positive(),
  executionName: z.string(),
  step: z.string(),
  dueAt: z.string(),
  timeoutSeconds: z.number(),
  eventId: z.string().optional(),
});
export type CreateTaskInput = z.infer<typeof createTaskInputSchema>;

/** 128 bits of the token's hash: opaque, unguessable without the token, the same for the same token. */
export function taskIdFor(taskToken: string): string {
  return createHash('sha256').update(`task:${taskToken}`).digest().subarray(0, 16).toString('base64url');
}

/** Where a step's task goes: its role, in the dossier's territory or the whole département. */
export function assigneeOf(step: string, dossierTerritory: string): { role: string; territory: string } {
  const { assignee } = stepDefinition(step);
  return { role: assignee.role, territory: assignee.territory === 'dossier' ? dossierTerritory : 'departement' };
}

export async function createTask(deps: EngineDeps, input: CreateTaskInput): Promise<{ taskId: string }> {
  const definition = stepDefinition(input.step);
  const dossier = await loadDossier(deps.repo, input.dossierId);
  const { role, territory } = assigneeOf(input.step, dossier.territory);
  const taskId = taskIdFor(input.taskToken);
  try {
    await deps.repo.putTask({
      id: taskId,
      dossierId: dossier.id,
      kind: input.step,
      role,
      territory,
      allowedDecisions: definition.decisions,
      dueAt: input.dueAt,
      taskToken: input.taskToken,
    });
  } catch (error) {
    if (!(error instanceof RecordAlreadyExistsError)) throw error;
  }
  // The step's current task is this one; one left open by an earlier execution (a hand-over) is closed.
  let previous: string | undefined;
  await changeDossier(deps.repo, dossier.id, (workflow) => {
    const step = workflow.steps[input.step] ?? { openedAt: deps.clock.now().toISOString(), escalations: 0 };
    if (step.taskId === taskId) return undefined;
    previous = step.taskId;
    workflow.steps[input.step] = { ...step, taskId };
    return { workflow };
  });
  if (previous) await deps.repo.expireTask(previous);
  await deps.repo.appendTimelineEvent(dossier.id, {
    type: 'task-opened',
    actor: 'system',
    data: { taskId, step: input.step, role, territory, dueAt: input.dueAt, title: definition.title },
    idempotencyKey: `task-opened#${taskId}`,
  });
  const mailbox = roleMailbox(deps.catalog, definition.assignee.role, territory);
  if (mailbox) {
    await queueEmail(deps.repo, {
      key: `task-assigned#${taskId}`,
      kind: 'task-assigned',
      to: [mailbox.email],
      dossierId: dossier.id,
      params: {
        ...taskFacts(deps.catalog, dossier, { id: taskId, title: definition.title, dueAt: input.dueAt }, mailbox),
        decisions: definition.decisions as TaskDecision[],
      },
    });
  }
  // An event queued while the workflow was between two monitor tasks found none open to wake:
  // the new one is woken at once (the token is valid from the moment this function runs).
  if (input.step === 'operation-monitor') await wakeMonitor(deps, dossier.id);
  return { taskId };
}

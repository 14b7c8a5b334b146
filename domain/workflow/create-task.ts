/**
 * The handler of every callback task: stores the task with its token for the step's role and
 * territory and notifies the assignee, in one commit (the task, the step's current task in the
 * dossier, the previous task of the step closed, the `task-opened` event, the email). Runs at least
 * once per token (a crashed segment re-runs with the same token): the task id is derived from the
 * token, so a second run finds the step already on that task and writes nothing.
 */
import { hash } from 'node:crypto';
import * as z from 'zod/mini';
import type { TaskDecision as EmailTaskDecision } from '#domain/notifications/index.ts';
import { composeTaskId, type DossierSummary, type TaskDossier } from '#domain/ports/records.ts';
import type { Uses } from './deps.ts';
import { changeDossier } from './dossier-change.ts';
import { wakeMonitor } from './execution-events.ts';
import { roleMailbox } from './mailboxes.ts';
import { enteredStep } from './plan-step.ts';
import { taskFacts } from './notify.ts';
import { stepDefinition } from './steps.ts';
import { TASK_ASSIGNED } from '#domain/notifications/tasks.ts';

export const createTaskInputSchema = z.object({
  taskToken: z.string().check(z.minLength(1)),
  dossierId: z.string(),
  generation: z.number().check(z.int(), z.positive()),
  executionName: z.string(),
  step: z.string(),
  dueAt: z.string(),
  timeoutSeconds: z.number(),
  eventId: z.optional(z.string()),
});
export type CreateTaskInput = z.infer<typeof createTaskInputSchema>;

/** The task of a callback token: its dossier, then 128 bits of the token's hash (unguessable without the token, the same for the same token). */
export function taskIdFor(dossierId: string, taskToken: string): string {
  return composeTaskId(dossierId, hash('sha256', `task:${taskToken}`, 'buffer').subarray(0, 16).toString('base64url'));
}

/** Where a step's task goes: its role, in the dossier's territory or the whole département. */
export function assigneeOf(step: string, dossierTerritory: string): { role: string; territory: string } {
  const { assignee } = stepDefinition(step);
  return { role: assignee.role, territory: assignee.territory === 'dossier' ? dossierTerritory : 'departement' };
}

/** What an inbox shows of a task's dossier: kept with the task, so that an inbox reads no dossier. */
export function taskDossierOf(dossier: DossierSummary): TaskDossier {
  return {
    reference: dossier.reference,
    porteurName: dossier.profile.porteurName,
    projectTitle: dossier.profile.projectTitle,
    dispositifCode: dossier.dispositifCode,
    territory: dossier.territory,
  };
}

export async function createTask(
  deps: Uses<'dossiers' | 'commits' | 'tasks' | 'engine'>,
  input: CreateTaskInput,
): Promise<{ taskId: string }> {
  const definition = stepDefinition(input.step);
  const taskId = taskIdFor(input.dossierId, input.taskToken);
  const { dossier } = await changeDossier(deps, input.dossierId, (change) => {
    const current = change.workflow.steps[input.step];
    if (current?.taskId === taskId) return undefined;
    // The step opens with its task when it was never opened or its last task was decided (plan-step.ts writes nothing).
    const step = enteredStep(change.workflow, input.step, deps.clock.now());
    const dossier = change.read;
    const { role, territory } = assigneeOf(input.step, dossier.territory);
    change.openTask({
      id: taskId,
      dossierId: dossier.id,
      kind: input.step,
      role,
      territory,
      allowedDecisions: definition.decisions,
      dueAt: input.dueAt,
      dossier: taskDossierOf(dossier),
      taskToken: input.taskToken,
    });
    // The step's current task is this one; one left open by an earlier execution (a hand-over) is closed.
    if (step.taskId) change.closeTask(step.taskId, 'expired');
    change.workflow.steps[input.step] = { openedAt: step.openedAt, escalations: step.escalations, taskId };
    change.record('task-opened', { taskId, step: input.step, role, territory, dueAt: input.dueAt, title: definition.title });
    const mailbox = roleMailbox(deps.catalog, definition.assignee.role, territory);
    if (mailbox) {
      change.email(TASK_ASSIGNED, {
        key: `task-assigned#${taskId}`,
        to: [mailbox.email],
        params: {
          ...taskFacts(deps.catalog, dossier, { id: taskId, title: definition.title, dueAt: input.dueAt }, mailbox),
          decisions: definition.decisions as EmailTaskDecision[],
        },
      });
    }
    return undefined;
  });
  // An event queued while the workflow was between two monitor tasks found none open to wake:
  // the new one is woken at once (the token is valid from the moment this function runs).
  if (input.step === 'operation-monitor') await wakeMonitor(deps, dossier);
  return { taskId };
}

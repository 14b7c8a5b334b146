/**
 * Plans a human step before its callback task: the step's due instant and the callback's
 * timeout. The timeout is clamped to the execution's life budget (Standard executions live at
 * most a year): when the due instant lies beyond it, the plan says `handOver` and the execution
 * continues in a new one at the same step (see workflows/definitions.ts).
 */
import * as z from 'zod/mini';
import { bilanDueDate, dueInstant, instructionTaskDueDate } from '#domain/deadlines/index.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { addDays, type IsoDate } from '#domain/time/iso-date.ts';
import type { Uses } from './deps.ts';
import { loadDossier, type DossierChange } from './dossier-change.ts';
import { workflowOf, type DossierRecord, type WorkflowState } from './state.ts';
import { ESCALATION_REPEAT_DAYS, EXECUTION_LIFE_BUDGET_DAYS, stepDefinition, type StepDefinition } from './steps.ts';

const DAY_MS = 86_400_000;

export const planStepInputSchema = z.object({
  step: z.string(),
  dossierId: z.string(),
  generation: z.number().check(z.int(), z.positive()),
  executionName: z.string(),
  /** `$$.Execution.StartTime`. */
  executionStartedAt: z.string(),
});
export type PlanStepInput = z.infer<typeof planStepInputSchema>;

export interface StepPlan {
  step: string;
  /** When the step is due (ISO instant). */
  dueAt: string;
  /** The callback's timeout: until the due instant, or the next escalation, or the life budget. */
  timeoutSeconds: number;
  /** The timeout is the life budget's, not the step's: hand over to a new execution. */
  handOver: boolean;
  onTimeout: StepDefinition['onTimeout'];
}

/** The last instant an execution started at `startedAt` may wait until before it hands over. */
export function lifeBudgetEnd(startedAt: Date): Date {
  return new Date(startedAt.getTime() + EXECUTION_LIFE_BUDGET_DAYS * DAY_MS);
}

/** The day a step is due, by its basis (data/workflow-steps.json). */
export function stepDueDate(
  definition: StepDefinition,
  openedOn: IsoDate,
  workflow: WorkflowState,
  dossier: DossierRecord,
  bilanDelayMonths: number,
): IsoDate {
  const due = definition.due;
  switch (due.basis) {
    case 'days-after-opening':
      return instructionTaskDueDate(openedOn, due.days);
    case 'complements-deadline':
      if (!workflow.complements) throw new Error(`dossier ${dossier.id}: no complements requested`);
      return workflow.complements.dueDate;
    case 'operation-end':
      return workflow.operation?.endDate ?? dossier.profile.operation.endDate;
    case 'bilan-deadline':
      // A date the service granted (extension, delay of the reimbursement demand) is the date itself, with no grace.
      if (workflow.bilan?.extendedTo) return workflow.bilan.extendedTo;
      return addDays(
        workflow.bilan?.dueDate ?? bilanDueDate(workflow.operation?.endDate ?? dossier.profile.operation.endDate, bilanDelayMonths),
        due.graceDays,
      );
  }
}

/**
 * The timeout of a callback entered `now`: until `dueAt`; for a step that escalates and is
 * already overdue, until the next escalation; never beyond the life budget. At least 1 s.
 */
export function callbackTimeout(
  now: Date,
  dueAt: Date,
  budgetEnd: Date,
  definition: StepDefinition,
): { timeoutSeconds: number; handOver: boolean } {
  const target =
    definition.onTimeout === 'escalate' && dueAt.getTime() <= now.getTime()
      ? new Date(now.getTime() + ESCALATION_REPEAT_DAYS * DAY_MS)
      : dueAt;
  const handOver = target.getTime() > budgetEnd.getTime();
  const until = handOver ? budgetEnd : target;
  return { timeoutSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)), handOver };
}

/**
 * Writes nothing: a step that opens now is recorded with its task (create-task.ts), in the commit
 * that follows. `read`: the dossier as the caller last knew it (the action just applied in the same
 * call), not read again.
 */
export async function planStep(deps: Uses<'dossiers'>, input: PlanStepInput, options: { read?: DossierRecord } = {}): Promise<StepPlan> {
  const definition = stepDefinition(input.step);
  const now = deps.clock.now();
  const dossier = options.read ?? (await loadDossier(deps.dossiers, input.dossierId));
  const workflow = workflowOf(dossier);
  const dispositif = deps.catalog.dispositifByCode(dossier.dispositifCode);
  if (!dispositif) throw new Error(`dossier ${dossier.id}: unknown dispositif ${dossier.dispositifCode}`);
  const openedAt = new Date(enteredStep(workflow, input.step, now).openedAt);
  const dueDate = stepDueDate(definition, parisDateOf(openedAt), workflow, dossier, dispositif.bilanDelayMonths);
  const dueAt = dueInstant(dueDate);
  const { timeoutSeconds, handOver } = callbackTimeout(now, dueAt, lifeBudgetEnd(new Date(input.executionStartedAt)), definition);
  return { step: input.step, dueAt: dueAt.toISOString(), timeoutSeconds, handOver, onTimeout: definition.onTimeout };
}

/**
 * The step as entered `now`: it keeps its opening instant (and escalations, task) while its task is
 * undecided (escalated, handed over); never opened, or entered again after its task was decided (a
 * loop: complements, then completeness again), it opens now.
 */
export function enteredStep(workflow: WorkflowState, step: string, now: Date): WorkflowState['steps'][string] {
  const current = workflow.steps[step];
  return current && !current.decided ? current : { openedAt: now.toISOString(), escalations: 0 };
}

/**
 * The step's opening as part of a change: in the commit of the action that leads to it
 * (./apply-action.ts), else in its task's (create-task.ts).
 */
export function openStepIn(change: DossierChange, step: string, now: Date): void {
  const entered = enteredStep(change.workflow, step, now);
  if (entered !== change.workflow.steps[step]) change.workflow.steps[step] = entered;
}

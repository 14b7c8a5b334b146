/**
 * The human steps of the workflows, as data (data/workflow-steps.json): who acts, the decisions
 * each step allows, when it is due and what its timeout means. The state machines name a step;
 * everything else about it is read from here.
 */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import * as z from 'zod';
import raw from '#data/workflow-steps.json' with { type: 'json' };

export const ROLES = ['porteur', 'service-instructeur', 'chef-slai-slisl', 'secretariat-cp', 'system'] as const;
export type Role = (typeof ROLES)[number];

const dueSchema = z.discriminatedUnion('basis', [
  /** N calendar days after the task first opened (kept across escalations and hand-overs). */
  z.object({ basis: z.literal('days-after-opening'), days: z.number().int().positive() }),
  /** The porteur's complements deadline (deadline calculus, kind `complements`). */
  z.object({ basis: z.literal('complements-deadline') }),
  /** The operation's end date (from the dossier, changed only by an accepted avenant). */
  z.object({ basis: z.literal('operation-end') }),
  /**
   * The bilan's due date (operation end + the dispositif's bilan delay), then `graceDays` during
   * which the porteur is warned (email `bilan-overdue`) before the reimbursement is demanded.
   */
  z.object({ basis: z.literal('bilan-deadline'), graceDays: z.number().int().min(0).max(90).default(0) }),
]);

export const ON_TIMEOUT = ['escalate', 'close-incomplete', 'operation-ended', 'demand-reimbursement'] as const;

const stepSchema = z.object({
  machine: z.enum(['instruction', 'execution', 'bilan']),
  assignee: z.object({ role: z.enum(ROLES), territory: z.enum(['dossier', 'departement']) }),
  decisions: z.array(z.string().min(1)).min(1),
  due: dueSchema,
  onTimeout: z.enum(ON_TIMEOUT),
  title: z.string().min(1),
});

const stepsFileSchema = z.object({
  $comment: z.string().optional(),
  /** An execution hands over to a new one before this many days: Standard executions live at most 365. */
  executionLifeBudgetDays: z.number().int().positive().max(360),
  /** An overdue task is escalated again every this many days until someone acts. */
  escalationRepeatDays: z.number().int().positive().max(60),
  steps: z.record(z.string().regex(/^[a-z]+(-[a-z]+)*$/), stepSchema),
});

export type StepDefinition = z.infer<typeof stepSchema>;
export type StepDue = z.infer<typeof dueSchema>;

function load() {
  const parsed = stepsFileSchema.safeParse(raw, PARSE_ONCE);
  if (!parsed.success) {
    throw new Error(`data/workflow-steps.json is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

const stepsFile = load();

export const EXECUTION_LIFE_BUDGET_DAYS = stepsFile.executionLifeBudgetDays;
export const ESCALATION_REPEAT_DAYS = stepsFile.escalationRepeatDays;
export const STEPS: Readonly<Record<string, StepDefinition>> = stepsFile.steps;

export function stepDefinition(step: string): StepDefinition {
  const def = STEPS[step];
  if (!def) throw new Error(`unknown workflow step: ${step}`);
  return def;
}

/**
 * The schema of data/workflow-steps.json, and its reading against the steps the workflows declare
 * (workflows/<machine>.ts). The file is read once (checked-steps.ts); the steps are used through
 * steps.ts.
 */
import * as z from 'zod/mini';
import { PARSE_ONCE } from '#domain/parse-once.ts';
import { HUMAN_STEPS } from '#workflows/machines.ts';
import type { MachineName, OnTimeout } from '#workflows/asl.ts';
import { ROLES } from './roles.ts';

const dueSchema = z.discriminatedUnion('basis', [
  /** N calendar days after the task first opened (kept across escalations and hand-overs). */
  z.object({ basis: z.literal('days-after-opening'), days: z.number().check(z.int(), z.positive()) }),
  /** The porteur's complements deadline (deadline calculus, kind `complements`). */
  z.object({ basis: z.literal('complements-deadline') }),
  /** The operation's end date (from the dossier, changed only by an accepted avenant). */
  z.object({ basis: z.literal('operation-end') }),
  /**
   * The bilan's due date (operation end + the dispositif's bilan delay), then `graceDays` during
   * which the porteur is warned (email `bilan-overdue`) before the reimbursement is demanded.
   */
  z.object({ basis: z.literal('bilan-deadline'), graceDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(90)), 0) }),
]);

/** What a service may change of a step without code. */
const settingsSchema = z.strictObject({
  assignee: z.object({ role: z.enum(ROLES), territory: z.enum(['dossier', 'departement']) }),
  due: dueSchema,
  title: z.string().check(z.minLength(1)),
});

const stepsFileSchema = z.object({
  $comment: z.optional(z.string()),
  /** An execution hands over to a new one before this many days: Standard executions live at most 365. */
  executionLifeBudgetDays: z.number().check(z.int(), z.positive(), z.lte(360)),
  /** An overdue task is escalated again every this many days until someone acts. */
  escalationRepeatDays: z.number().check(z.int(), z.positive(), z.lte(60)),
  steps: z.record(z.string(), settingsSchema),
});

export type StepDue = z.infer<typeof dueSchema>;
export interface StepDefinition extends z.infer<typeof settingsSchema> {
  machine: MachineName;
  decisions: string[];
  onTimeout: OnTimeout;
}

/** The steps file read against the declared steps; a bad file is refused with the step and the field named. */
export function loadSteps(file: unknown) {
  const parsed = stepsFileSchema.safeParse(file, PARSE_ONCE);
  if (!parsed.success) throw new Error(`data/workflow-steps.json is invalid: ${z.prettifyError(parsed.error)}`);
  const { steps, ...settings } = parsed.data;
  const declared = new Set<string>(HUMAN_STEPS.map((s) => s.id));
  for (const id of Object.keys(steps)) {
    if (!declared.has(id)) throw new Error(`data/workflow-steps.json: steps.${id} is no human step of workflows/<machine>.ts`);
  }
  const definitions: Record<string, StepDefinition> = {};
  for (const step of HUMAN_STEPS) {
    const own = steps[step.id];
    if (!own) throw new Error(`data/workflow-steps.json: steps.${step.id} is missing (the step of workflows/${step.machine}.ts)`);
    definitions[step.id] = { machine: step.machine, ...own, decisions: Object.keys(step.decisions), onTimeout: step.onTimeout };
  }
  return { ...settings, steps: definitions };
}

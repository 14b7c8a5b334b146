/**
 * The human steps of the workflows. Each is declared once, typed, where it stands in its machine
 * (workflows/<machine>.ts: its decisions and their details, where each leads, what its timeout
 * means); what a service may change without code is data (data/workflow-steps.json: who acts,
 * when the step is due, its title). Both are read into one definition per step (steps-file.ts,
 * checked-steps.ts).
 */
import { CHECKED_STEPS } from './checked-steps.ts';
import type { StepDefinition } from './steps-file.ts';

export { ROLES, type Role } from './roles.ts';
export { loadSteps, type StepDefinition, type StepDue } from './steps-file.ts';

export const EXECUTION_LIFE_BUDGET_DAYS = CHECKED_STEPS.executionLifeBudgetDays;
export const ESCALATION_REPEAT_DAYS = CHECKED_STEPS.escalationRepeatDays;
export const STEPS: Readonly<Record<string, StepDefinition>> = CHECKED_STEPS.steps;

export function stepDefinition(step: string): StepDefinition {
  const def = STEPS[step];
  if (!def) throw new Error(`unknown workflow step: ${step}`);
  return def;
}

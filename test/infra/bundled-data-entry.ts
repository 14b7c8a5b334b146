/** An entry that exports the data checked or computed at bundling, bundled as a function is (test/infra/checked-data.test.ts). */
export { catalog } from '#domain/catalog/index.ts';
export { DEADLINE_KINDS, REMINDER_ROLL } from '#domain/deadlines/index.ts';
export { RETENTION } from '#domain/retention.ts';
export { ESCALATION_REPEAT_DAYS, EXECUTION_LIFE_BUDGET_DAYS, STEPS } from '#domain/workflow/steps.ts';
export { WORKFLOW_STATE_STAMP } from '#domain/workflow/state.ts';

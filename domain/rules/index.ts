/** The call's rules on a dossier: one module per rule; `checkSubmission` runs them all. */
export type { Violation, RuleContext } from './violation.ts';
export { checkSubmission, violationsOfIssues, registerRule, RULES, type CheckResult, type RegisteredRule } from './check-submission.ts';
export { dispositifExists } from './dispositif-exists.ts';
export { filedThroughDispositifChannel, DEFAULT_CHANNEL } from './submission-channel.ts';
export { submittedWithinWindow, openSessionOn, nextSessionAfter } from './submission-window.ts';
export { porteurHasSiteInPasDeCalais } from './porteur-in-pas-de-calais.ts';
export { territoriesInPerimeter } from './territories-in-perimeter.ts';
export { dispositifPublicsTargeted, publicsBeyondDispositif } from './dispositif-publics-targeted.ts';
export { operationWithinCallPeriod, avenantEndWithinCallPeriod } from './operation-within-call-period.ts';
export { budgetIsBalanced, totalCents } from './budget-balanced.ts';
export { departementParticipationRequested, requestedParticipationCents } from './departement-participation-requested.ts';
export { axeRequiredResourcesPresent } from './axe-required-resources.ts';
export { requiredUndertakingsDeclared } from './undertakings-declared.ts';
export { formatCentsFr } from './format.ts';
export {
  conventionIndicators,
  bilanReportViolations,
  evaluate,
  type ConventionIndicator,
  type EvaluationRow,
  type BilanReport,
} from './operation-evaluation.ts';

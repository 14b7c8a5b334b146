/**
 * Every undertaking the call requires is declared.
 * Call, « Critères d'éligibilité » and « En conformité avec les textes législatifs et
 * réglementaires, l'organisme s'engage à » (and the undertakings of « Budget », « Suivi »,
 * « Évaluation » and « Communication »): the list with the call's words is
 * domain/submission/undertakings.ts. The hygiene and safety undertaking of « chantiers
 * d'insertion » is required when the operation is one.
 */
import { UNDERTAKINGS, type Submission } from '#domain/submission/index.ts';
import type { RuleContext, Violation } from './violation.ts';

export function requiredUndertakingsDeclared(submission: Pick<Submission, 'undertakings' | 'operation'>, _ctx: RuleContext): Violation[] {
  return UNDERTAKINGS.filter((u) => u.requiredWhen === 'always' || submission.operation.insertionWorksite)
    .filter((u) => submission.undertakings[u.key] !== true)
    .map((u) => ({
      path: `undertakings.${u.key}`,
      code: 'UNDERTAKING_NOT_DECLARED',
      message: `Engagement obligatoire non souscrit : ${u.label}.`,
    }));
}

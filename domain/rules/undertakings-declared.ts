/**
 * Every undertaking the call requires is declared.
 * Call, « Critères d'éligibilité » and « En conformité avec les textes législatifs et
 * réglementaires, l'organisme s'engage à » (and the undertakings of « Budget », « Suivi »,
 * « Évaluation » and « Communication »): the list with the call's words is
 * domain/submission/undertakings.ts. The hygiene and safety undertaking of « chantiers
 * d'insertion » is required when the operation is one: the dossier says so, or its dispositif
 * funds nothing else (5.5 « Chantiers d'Insertion », `insertionWorksite` in the catalog).
 */
import { UNDERTAKINGS, type Submission } from '#domain/submission/index.ts';
import type { RuleContext, Violation } from './violation.ts';

export function requiredUndertakingsDeclared(
  submission: Pick<Submission, 'undertakings' | 'operation' | 'dispositifCode'>,
  ctx: RuleContext,
): Violation[] {
  const worksite = submission.operation.insertionWorksite || ctx.catalog.dispositifByCode(submission.dispositifCode)?.insertionWorksite;
  return UNDERTAKINGS.filter((u) => u.requiredWhen === 'always' || worksite)
    .filter((u) => submission.undertakings[u.key] !== true)
    .map((u) => ({
      path: `undertakings.${u.key}`,
      code: 'UNDERTAKING_NOT_DECLARED',
      message: `Engagement obligatoire non souscrit : ${u.label}.`,
    }));
}

/**
 * A dossier is filed for one of the call's dispositifs.
 * Call, « Présentation » and axes 1 to 5: the call groups 50 dispositifs in 5 axes, « les
 * modalités spécifiques à chacun des dispositifs sont […] annexées au présent document ».
 */
import type { Submission } from '#domain/submission/index.ts';
import type { RuleContext, Violation } from './violation.ts';

export function dispositifExists(submission: Pick<Submission, 'dispositifCode'>, ctx: RuleContext): Violation[] {
  if (ctx.catalog.dispositifByCode(submission.dispositifCode)) return [];
  return [
    {
      path: 'dispositifCode',
      code: 'DISPOSITIF_UNKNOWN',
      message: `Le dispositif ${submission.dispositifCode} n'existe pas dans l'appel à projets (dispositifs 1.1 à 5.11).`,
    },
  ];
}

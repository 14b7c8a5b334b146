/**
 * The operation runs inside the call's period, and ends after it starts.
 * Call, « Durée » : « Les dispositifs pourront démarrer au minimum au 1er janvier 2026 et se
 * clôtureront au maximum au 31 décembre 2027. Le détail relatif […] aux dates de démarrage et de
 * fin de chaque dispositif est précisé dans les fiches » — so the bounds are the dispositif's
 * (data/catalog/dispositifs.json), which default to the call's (data/catalog/call.json).
 */
import type { Submission } from '#domain/submission/index.ts';
import { formatDateFr } from '#domain/time/french-dates.ts';
import { compareDates } from '#domain/time/iso-date.ts';
import type { RuleContext, Violation } from './violation.ts';

export function operationWithinCallPeriod(submission: Pick<Submission, 'operation' | 'dispositifCode'>, ctx: RuleContext): Violation[] {
  const { startDate, endDate } = submission.operation;
  const dispositif = ctx.catalog.dispositifByCode(submission.dispositifCode);
  const earliest = dispositif?.operationStartsFrom ?? ctx.catalog.call.operations.earliestStart;
  const latest = dispositif?.operationEndsBy ?? ctx.catalog.call.operations.latestEnd;
  const violations: Violation[] = [];
  if (compareDates(startDate, earliest) < 0) {
    violations.push({
      path: 'operation.startDate',
      code: 'OPERATION_STARTS_TOO_EARLY',
      message: `L'opération ne peut pas démarrer avant le ${formatDateFr(earliest)}.`,
    });
  }
  if (compareDates(endDate, latest) > 0) {
    violations.push({
      path: 'operation.endDate',
      code: 'OPERATION_ENDS_TOO_LATE',
      message: `L'opération doit se terminer au plus tard le ${formatDateFr(latest)}.`,
    });
  }
  if (compareDates(startDate, endDate) >= 0) {
    violations.push({
      path: 'operation.endDate',
      code: 'OPERATION_END_NOT_AFTER_START',
      message: `La date de fin de l'opération (${formatDateFr(endDate)}) doit être postérieure à sa date de début (${formatDateFr(startDate)}).`,
    });
  }
  return violations;
}

/**
 * The operation runs inside the call's period, and ends after it starts.
 * Call, « Durée » : « Les dispositifs pourront démarrer au minimum au 1er janvier 2026 et se
 * clôtureront au maximum au 31 décembre 2027. Le détail relatif […] aux dates de démarrage et de
 * fin de chaque dispositif est précisé dans les fiches » — so the bounds are the dispositif's
 * (data/catalog/dispositifs.json), which default to the call's (data/catalog/call.json).
 * An avenant that moves the operation's end is bound the same way: the operations « se
 * clôtureront au maximum au 31 décembre 2027 », whatever the convention becomes.
 */
import type { Catalog } from '#domain/catalog/index.ts';
import type { Submission } from '#domain/submission/index.ts';
import { formatDateFr } from '#domain/time/french-dates.ts';
import { compareDates, type IsoDate } from '#domain/time/iso-date.ts';
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

/**
 * The new end an avenant asks for (`newEndDate`): after the operation's start and no later than
 * the latest end its dispositif allows.
 */
export function avenantEndWithinCallPeriod(
  catalog: Catalog,
  dossier: { dispositifCode: string; operationStart: IsoDate },
  newEndDate: IsoDate,
): Violation[] {
  const latest = catalog.dispositifByCode(dossier.dispositifCode)?.operationEndsBy ?? catalog.call.operations.latestEnd;
  if (compareDates(newEndDate, latest) > 0) {
    return [
      {
        path: 'newEndDate',
        code: 'AVENANT_ENDS_TOO_LATE',
        message: `Un avenant ne peut pas reporter la fin de l'opération au-delà du ${formatDateFr(latest)} : les opérations de l'appel à projets se clôturent au plus tard à cette date.`,
      },
    ];
  }
  if (compareDates(newEndDate, dossier.operationStart) <= 0) {
    return [
      {
        path: 'newEndDate',
        code: 'OPERATION_END_NOT_AFTER_START',
        message: `La nouvelle date de fin (${formatDateFr(newEndDate)}) doit être postérieure au début de l'opération (${formatDateFr(dossier.operationStart)}).`,
      },
    ];
  }
  return [];
}

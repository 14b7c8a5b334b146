/**
 * Declared expenses must be paid by the day the bilan is filed.
 * Call: « Toutes les dépenses déclarées devront être acquittées au plus tard à la date du dépôt
 * du bilan ». Kind `expenses-paid-by` in data/deadline-kinds.json. The filing date is the Paris
 * calendar date of the filing (`parisDateOf(filedAt)`).
 */
import { compareDates, type IsoDate } from '#domain/time/iso-date.ts';
import { formatDateFr } from '#domain/time/french-dates.ts';
import { dueDate } from './due-date.ts';

/** The last day an expense declared in a bilan filed on `bilanFiledOn` may have been paid. */
export function latestExpensePaymentDate(bilanFiledOn: IsoDate): IsoDate {
  return dueDate('expenses-paid-by', bilanFiledOn);
}

export type ExpensePaymentCheck =
  | { ok: true; latest: IsoDate }
  | { ok: false; latest: IsoDate /** Why, in French, for the porteur. */; message: string };

/** Whether an expense paid on `paidOn` may be declared in a bilan filed on `bilanFiledOn`. */
export function checkExpensePayment(paidOn: IsoDate, bilanFiledOn: IsoDate): ExpensePaymentCheck {
  const latest = latestExpensePaymentDate(bilanFiledOn);
  if (compareDates(paidOn, latest) <= 0) return { ok: true, latest };
  return {
    ok: false,
    latest,
    message:
      `Dépense acquittée le ${formatDateFr(paidOn)}, après le ${formatDateFr(latest)} : les dépenses déclarées ` +
      `doivent être acquittées au plus tard à la date du dépôt du bilan (${formatDateFr(bilanFiledOn)}).`,
  };
}

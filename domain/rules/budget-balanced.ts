/**
 * The budget balances to the cent.
 * Call, « Budget » : « Les candidats doivent présenter un budget détaillé et en équilibre tel que
 * les dépenses prévisionnelles soient égales aux ressources prévisionnelles. » Amounts are whole,
 * non-negative cents (the submission schema), so the sums are exact.
 */
import type { Submission } from '#domain/submission/index.ts';
import { formatCentsFr } from './format.ts';
import type { RuleContext, Violation } from './violation.ts';

export function totalCents(lines: readonly { amountCents: number }[]): number {
  return lines.reduce((sum, l) => sum + l.amountCents, 0);
}

export function budgetIsBalanced(submission: Pick<Submission, 'budget'>, _ctx: RuleContext): Violation[] {
  const expenses = totalCents(submission.budget.expenses);
  const resources = totalCents(submission.budget.resources);
  if (expenses === resources) return [];
  return [
    {
      path: 'budget',
      code: 'BUDGET_UNBALANCED',
      message:
        `Le budget doit être en équilibre : les dépenses prévisionnelles (${formatCentsFr(expenses)}) ` +
        `doivent être égales aux ressources prévisionnelles (${formatCentsFr(resources)}) ; ` +
        `écart de ${formatCentsFr(Math.abs(expenses - resources))}.`,
    },
  ];
}

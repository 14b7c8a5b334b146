/**
 * The dossier asks the Département for a financial participation, shown among the resources.
 * Call: the dossier is a « dossier de demande de participation financière » (« Critères de
 * sélection ») and its budget is « détaillé et en équilibre » (« Budget ») — the participation
 * requested is the resource with source `departement`, and must be more than zero.
 */
import type { Submission } from '#domain/submission/index.ts';
import type { RuleContext, Violation } from './violation.ts';

/** The participation requested from the Département, in cents. */
export function requestedParticipationCents(budget: Submission['budget']): number {
  return budget.resources.filter((r) => r.source === 'departement').reduce((sum, r) => sum + r.amountCents, 0);
}

export function departementParticipationRequested(submission: Pick<Submission, 'budget'>, _ctx: RuleContext): Violation[] {
  if (requestedParticipationCents(submission.budget) > 0) return [];
  return [
    {
      path: 'budget.resources',
      code: 'BUDGET_NO_DEPARTEMENT_PARTICIPATION',
      message:
        'Les ressources doivent comporter la participation financière demandée au Département ' +
        "(ressource de source « departement », d'un montant supérieur à 0).",
    },
  ];
}

/**
 * A dossier of an axe that co-finances another fund shows that fund among its resources.
 * Call, « Axe 5 : Contreparties FSE » : « Ces dispositifs s'adressent aux porteurs œuvrant dans
 * le champ de l'insertion […] répondant conjointement à l'appel à projets FSE+/FTJ » — the
 * Département pays the counterpart of a contribution of that call, FSE+ or FTJ (Fonds pour une
 * transition juste): an axe 5 budget includes one of them. Which sources each axe requires is
 * data (data/catalog/axes.json, requiredCofundingAnyOf).
 */
import { RESOURCE_SOURCE_LABELS } from '#domain/catalog/index.ts';
import type { Submission } from '#domain/submission/index.ts';
import { listFr } from './format.ts';
import type { RuleContext, Violation } from './violation.ts';

export function axeRequiredResourcesPresent(submission: Pick<Submission, 'budget' | 'dispositifCode'>, ctx: RuleContext): Violation[] {
  const dispositif = ctx.catalog.dispositifByCode(submission.dispositifCode);
  if (!dispositif) return []; // dispositifExists reports it
  const axe = ctx.catalog.axeByNumber(dispositif.axe);
  const anyOf = axe?.requiredCofundingAnyOf ?? [];
  if (anyOf.length === 0) return [];
  const present = submission.budget.resources.some((r) => anyOf.includes(r.source) && r.amountCents > 0);
  if (present) return [];
  const sources = anyOf.map((source) => `« ${source} » (${RESOURCE_SOURCE_LABELS[source]})`);
  return [
    {
      path: 'budget.resources',
      code: 'BUDGET_REQUIRED_RESOURCE_MISSING',
      message:
        `Les dispositifs de l'axe ${axe?.number} « ${axe?.title} » exigent parmi les ressources un montant ` +
        `supérieur à 0 de source ${listFr(sources, 'ou')}.`,
    },
  ];
}

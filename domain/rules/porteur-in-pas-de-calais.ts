/**
 * The porteur is established in the Pas-de-Calais.
 * Call, « Critères d'éligibilité » : « Les porteurs de projets doivent avoir une résidence
 * administrative ou une antenne sur le territoire du département du Pas-de-Calais ». A site
 * (siège or antenne) with a Pas-de-Calais postal code (prefixes in data/catalog/call.json) is
 * what shows it.
 */
import type { Submission } from '#domain/submission/index.ts';
import type { RuleContext, Violation } from './violation.ts';

export function porteurHasSiteInPasDeCalais(submission: Pick<Submission, 'porteur'>, ctx: RuleContext): Violation[] {
  const { name, postalCodePrefixes } = ctx.catalog.call.departement;
  const inside = submission.porteur.sites.some((s) => postalCodePrefixes.some((p) => s.postalCode.startsWith(p)));
  if (inside) return [];
  return [
    {
      path: 'porteur.sites',
      code: 'PORTEUR_NOT_IN_PAS_DE_CALAIS',
      message:
        `Le porteur doit avoir une résidence administrative ou une antenne dans le ${name} : ` +
        `aucun de ses sites n'a un code postal du département (${postalCodePrefixes.map((p) => p.padEnd(5, 'x')).join(', ')}).`,
    },
  ];
}

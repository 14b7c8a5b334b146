/**
 * Each territory of the operation is one of the call's and lies in the dispositif's perimeter.
 * Call, « Périmètre » : « Le périmètre d'intervention couvre l'ensemble du Département, soit les
 * territoires de l'Arrageois, de l'Audomarois, du Boulonnais, du Calaisis, du Montreuillois et du
 * Ternois, ainsi que ceux de l'[ERBM] […]. Certains dispositifs ont un périmètre d'intervention
 * plus limité. » Perimeters are data (data/catalog/dispositifs.json).
 */
import type { Submission } from '#domain/submission/index.ts';
import { listFr } from './format.ts';
import type { RuleContext, Violation } from './violation.ts';

export function territoriesInPerimeter(submission: Pick<Submission, 'territories' | 'dispositifCode'>, ctx: RuleContext): Violation[] {
  const { catalog } = ctx;
  const dispositif = catalog.dispositifByCode(submission.dispositifCode);
  const violations: Violation[] = [];
  submission.territories.forEach((code, i) => {
    const territory = catalog.territoryByCode(code);
    if (!territory) {
      violations.push({
        path: `territories.${i}`,
        code: 'TERRITORY_UNKNOWN',
        message: `Le territoire « ${code} » n'existe pas ; les territoires de l'appel à projets sont : ${listFr(catalog.territories.map((t) => `${t.name} (${t.code})`))}.`,
      });
      return;
    }
    if (dispositif && !catalog.isTerritoryInPerimeter(dispositif, code)) {
      const perimeter = dispositif.perimeter.map((c) => catalog.territoryByCode(c)?.name ?? c);
      violations.push({
        path: `territories.${i}`,
        code: 'TERRITORY_OUTSIDE_PERIMETER',
        message:
          `Le territoire ${territory.name} n'est pas dans le périmètre du dispositif ${dispositif.code} : ${listFr(perimeter)}` +
          (dispositif.perimeterNote ? ` (${dispositif.perimeterNote}).` : '.'),
      });
    }
  });
  return violations;
}

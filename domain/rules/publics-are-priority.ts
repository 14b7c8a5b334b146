/**
 * Each public of the operation is one of the call's priority publics, and one its dispositif targets.
 * Call, « Public cible » : « Les dispositifs proposés au travers de cet appel à projets
 * s'adressent prioritairement » to RSA beneficiaries, young people under 26 in precarity,
 * people no longer on RSA still in the département's insertion path, and people with
 * difficulties accessing or keeping housing ; « Des précisions quant au public cible […] sont
 * apportées dans les fiches de présentation de chaque dispositif » (dispositifs.json, publics).
 */
import type { Submission } from '#domain/submission/index.ts';
import { listFr } from './format.ts';
import type { RuleContext, Violation } from './violation.ts';

export function publicsArePriority(submission: Pick<Submission, 'publics' | 'dispositifCode'>, ctx: RuleContext): Violation[] {
  const { catalog } = ctx;
  const dispositif = catalog.dispositifByCode(submission.dispositifCode);
  const violations: Violation[] = [];
  submission.publics.forEach((code, i) => {
    const priority = catalog.publicByCode(code);
    if (!priority) {
      violations.push({
        path: `publics.${i}`,
        code: 'PUBLIC_NOT_PRIORITY',
        message: `« ${code} » n'est pas un public prioritaire de l'appel à projets ; les publics prioritaires sont : ${listFr(catalog.publics.map((p) => `${p.label} (${p.code})`))}.`,
      });
      return;
    }
    if (dispositif && !dispositif.publics.includes(code)) {
      violations.push({
        path: `publics.${i}`,
        code: 'PUBLIC_NOT_TARGETED',
        message: `Le dispositif ${dispositif.code} ne s'adresse pas au public « ${priority.label} ».`,
      });
    }
  });
  return violations;
}

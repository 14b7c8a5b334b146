/**
 * A dossier serves at least one of its dispositif's publics; any other public it names is
 * accepted, and shown to the instructor.
 * Call, « Public cible » : « Les dispositifs proposés au travers de cet appel à projets
 * s'adressent prioritairement » to RSA beneficiaries, young people under 26 in precarity,
 * people no longer on RSA still in the département's insertion path, and people with
 * difficulties accessing or keeping housing — prioritairement, not only; « Des précisions quant
 * au public cible […] sont apportées dans les fiches de présentation de chaque dispositif ». A
 * dispositif's own publics are data (data/catalog/dispositifs.json, `publics`: those its title
 * names, the 4 priority publics otherwise).
 */
import type { Catalog } from '#domain/catalog/index.ts';
import type { Submission } from '#domain/submission/index.ts';
import { listFr } from './format.ts';
import type { RuleContext, Violation } from './violation.ts';

export function dispositifPublicsTargeted(submission: Pick<Submission, 'publics' | 'dispositifCode'>, ctx: RuleContext): Violation[] {
  const { catalog } = ctx;
  const violations: Violation[] = [];
  submission.publics.forEach((code, i) => {
    if (catalog.publicByCode(code)) return;
    violations.push({
      path: `publics.${i}`,
      code: 'PUBLIC_UNKNOWN',
      message: `« ${code} » n'est pas un public de l'appel à projets ; les publics sont : ${listFr(catalog.publics.map((p) => `${p.label} (${p.code})`))}.`,
    });
  });
  const dispositif = catalog.dispositifByCode(submission.dispositifCode);
  if (!dispositif || submission.publics.some((code) => dispositif.publics.includes(code))) return violations;
  const own = dispositif.publics.map((c) => `${catalog.publicByCode(c)?.label ?? c} (${c})`);
  violations.push({
    path: 'publics',
    code: 'PUBLIC_NOT_TARGETED',
    message:
      `Le dispositif ${dispositif.code} s'adresse ${dispositif.publics.length > 1 ? 'aux publics' : 'au public'} ${listFr(own, 'ou')} : ` +
      `le dossier doit en viser au moins un (il peut en viser d'autres).`,
  });
  return violations;
}

/** The publics a dossier names beyond its dispositif's own: accepted, and pointed out to the instructor. */
export function publicsBeyondDispositif(catalog: Catalog, dispositifCode: string, publics: readonly string[]): string[] {
  const dispositif = catalog.dispositifByCode(dispositifCode);
  return dispositif ? publics.filter((code) => !dispositif.publics.includes(code)) : [];
}

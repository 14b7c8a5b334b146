import { describe, expect, it } from 'vitest';
import { CATALOG_FILES, createCatalog } from '#domain/catalog/index.ts';
import { publicsArePriority } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('publicsArePriority', () => {
  it('passes for the four priority publics', () => {
    const s = dossier(
      (x) => (x.publics = ['beneficiaires-rsa', 'jeunes-moins-26-precarite', 'sortants-rsa-en-parcours', 'difficultes-logement']),
    );
    expect(publicsArePriority(s, context())).toEqual([]);
  });

  it('fails for a public the call does not prioritise', () => {
    const [v, ...rest] = publicsArePriority(
      dossier((x) => (x.publics = ['beneficiaires-rsa', 'retraites'])),
      context(),
    );
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ path: 'publics.1', code: 'PUBLIC_NOT_PRIORITY' });
    expect(v?.message).toContain("« retraites » n'est pas un public prioritaire de l'appel à projets");
  });

  it('fails for a priority public the dispositif’s fiche does not target', () => {
    const files = structuredClone(CATALOG_FILES) as any;
    files.dispositifs.dispositifs.find((d: any) => d.code === '4.2').publics = ['jeunes-moins-26-precarite'];
    const cat = createCatalog(files);
    const opts = { dispositifCode: '4.2', catalog: cat };
    expect(
      publicsArePriority(
        dossier(() => {}, opts),
        context({}, opts),
      ),
    ).toEqual([]);
    const s = dossier((x) => (x.publics = ['jeunes-moins-26-precarite', 'beneficiaires-rsa']), opts);
    expect(publicsArePriority(s, context({}, opts))).toEqual([
      {
        path: 'publics.1',
        code: 'PUBLIC_NOT_TARGETED',
        message: "Le dispositif 4.2 ne s'adresse pas au public « Bénéficiaires du RSA résidant dans le Pas-de-Calais ».",
      },
    ]);
  });
});

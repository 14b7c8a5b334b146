import { describe, expect, it } from 'vitest';
import { catalog } from '#domain/catalog/index.ts';
import { checkSubmission, dispositifPublicsTargeted, publicsBeyondDispositif } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('dispositifPublicsTargeted', () => {
  it('passes for a dossier of a dispositif without publics of its own that names the four priority publics', () => {
    const opts = { dispositifCode: '3.1' };
    const s = dossier(
      (x) => (x.publics = ['beneficiaires-rsa', 'jeunes-moins-26-precarite', 'sortants-rsa-en-parcours', 'difficultes-logement']),
      opts,
    );
    expect(dispositifPublicsTargeted(s, context({}, opts))).toEqual([]);
  });

  it('accepts 2.11 for the « professionnels intervenant à domicile » its title names', () => {
    const opts = { dispositifCode: '2.11' };
    const s = dossier((x) => (x.publics = ['professionnels-intervenant-a-domicile']), opts);
    expect(checkSubmission(s, context({}, opts))).toMatchObject({ ok: true });
  });

  it('accepts a public beyond the dispositif’s own (« prioritairement »), as long as one of its own is served', () => {
    const s = dossier((x) => (x.publics = ['beneficiaires-rsa', 'personnes-handicapees']));
    expect(dispositifPublicsTargeted(s, context())).toEqual([]);
    expect(publicsBeyondDispositif(catalog, s.dispositifCode, s.publics)).toEqual(['personnes-handicapees']);
  });

  it('applies the publics the titles name: 1.1 serves RSA beneficiaries, 4.2 the 16–25, 4.4 the under 30, 1.5 gens du voyage, 4.3 young people leaving ASE', () => {
    const expected: Record<string, string[]> = {
      '1.1': ['beneficiaires-rsa'],
      '1.4': ['beneficiaires-rsa'],
      '5.3': ['beneficiaires-rsa'],
      '1.5': ['gens-du-voyage'],
      '2.9': ['jeunes-moins-26-precarite', 'jeunes'],
      '4.1': ['jeunes', 'jeunes-moins-26-precarite'],
      '4.2': ['jeunes-16-25'],
      '4.3': ['jeunes-sortant-ase'],
      '4.4': ['jeunes-primo-locataires-moins-30'],
      '2.11': ['professionnels-intervenant-a-domicile'],
    };
    for (const [code, publics] of Object.entries(expected)) expect(catalog.dispositifByCode(code)?.publics, code).toEqual(publics);
    const opts = { dispositifCode: '4.2' };
    const s = dossier((x) => (x.publics = ['difficultes-logement']), opts);
    expect(dispositifPublicsTargeted(s, context({}, opts))).toEqual([
      {
        path: 'publics',
        code: 'PUBLIC_NOT_TARGETED',
        message:
          "Le dispositif 4.2 s'adresse au public Jeunes de 16 à 25 ans (jeunes-16-25) : le dossier doit en viser au moins un (il peut en viser d'autres).",
      },
    ]);
  });

  it('refuses a code that names no public of the call', () => {
    const [v, ...rest] = dispositifPublicsTargeted(
      dossier((x) => (x.publics = ['beneficiaires-rsa', 'retraites'])),
      context(),
    );
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ path: 'publics.1', code: 'PUBLIC_UNKNOWN' });
    expect(v?.message).toContain("« retraites » n'est pas un public de l'appel à projets");
  });
});

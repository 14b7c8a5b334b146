import { describe, expect, it } from 'vitest';
import { territoriesInPerimeter } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('territoriesInPerimeter', () => {
  it('passes for every territory of a dispositif open to the whole département', () => {
    const s = dossier(
      (x) =>
        (x.territories = [
          'arrageois',
          'audomarois',
          'boulonnais',
          'calaisis',
          'montreuillois',
          'ternois',
          'artois',
          'lens-lievin',
          'henin-carvin',
        ]),
    );
    expect(territoriesInPerimeter(s, context())).toEqual([]);
  });

  it('passes for 2.7 in the Ternois, fails for 2.7 in the Boulonnais, naming its perimeter', () => {
    const opts = { dispositifCode: '2.7', territory: 'ternois' };
    expect(
      territoriesInPerimeter(
        dossier(() => {}, opts),
        context({}, opts),
      ),
    ).toEqual([]);
    const s = dossier((x) => (x.territories = ['ternois', 'boulonnais']), opts);
    expect(territoriesInPerimeter(s, context({}, opts))).toEqual([
      {
        path: 'territories.1',
        code: 'TERRITORY_OUTSIDE_PERIMETER',
        message:
          "Le territoire Boulonnais n'est pas dans le périmètre du dispositif 2.7 : Arrageois, Calaisis et Ternois (Arrageois hors Communauté urbaine d'Arras (CUA)).",
      },
    ]);
  });

  it('keeps 3.5 (clauses ERBM) to the mining basin', () => {
    const opts = { dispositifCode: '3.5' };
    const s = dossier((x) => (x.territories = ['artois', 'montreuillois']), opts);
    expect(territoriesInPerimeter(s, context({}, opts)).map((v) => [v.path, v.code])).toEqual([
      ['territories.1', 'TERRITORY_OUTSIDE_PERIMETER'],
    ]);
  });

  it('fails for a territory that is not one of the call’s', () => {
    const [v, ...rest] = territoriesInPerimeter(
      dossier((x) => (x.territories = ['lille'])),
      context(),
    );
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ path: 'territories.0', code: 'TERRITORY_UNKNOWN' });
    expect(v?.message).toContain("Le territoire « lille » n'existe pas");
  });
});

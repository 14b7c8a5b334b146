import { describe, expect, it } from 'vitest';
import { porteurHasSiteInPasDeCalais } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('porteurHasSiteInPasDeCalais', () => {
  it('passes with a siège in the Pas-de-Calais', () => {
    expect(porteurHasSiteInPasDeCalais(dossier(), context())).toEqual([]);
  });

  it('passes with a siège in Lille and an antenne in Lens', () => {
    const s = dossier((x) => {
      x.porteur.sites = [
        { kind: 'siege', address: '1 place du Théâtre', postalCode: '59000', city: 'Lille' },
        { kind: 'antenne', address: '3 rue de Paris', postalCode: '62300', city: 'Lens' },
      ];
    });
    expect(porteurHasSiteInPasDeCalais(s, context())).toEqual([]);
  });

  it('fails when no site is in the Pas-de-Calais (62xxx)', () => {
    const s = dossier((x) => {
      x.porteur.sites = [
        { kind: 'siege', address: '1 place du Théâtre', postalCode: '59000', city: 'Lille' },
        { kind: 'antenne', address: '2 rue de la Gare', postalCode: '80000', city: 'Amiens' },
      ];
    });
    expect(porteurHasSiteInPasDeCalais(s, context())).toEqual([
      {
        path: 'porteur.sites',
        code: 'PORTEUR_NOT_IN_PAS_DE_CALAIS',
        message:
          "Le porteur doit avoir une résidence administrative ou une antenne dans le Pas-de-Calais : aucun de ses sites n'a un code postal du département (62xxx).",
      },
    ]);
  });

  it('does not take 06200 (Nice) for the Pas-de-Calais', () => {
    const s = dossier((x) => (x.porteur.sites[0]!.postalCode = '06200'));
    expect(porteurHasSiteInPasDeCalais(s, context()).map((v) => v.code)).toEqual(['PORTEUR_NOT_IN_PAS_DE_CALAIS']);
  });
});

import { describe, expect, it } from 'vitest';
import { requiredUndertakingsDeclared } from '#domain/rules/index.ts';
import { UNDERTAKINGS } from '#domain/submission/index.ts';
import { context, dossier } from './helpers.ts';

describe('requiredUndertakingsDeclared', () => {
  it('passes when every undertaking is declared', () => {
    expect(requiredUndertakingsDeclared(dossier(), context())).toEqual([]);
  });

  it('fails for each undertaking left undeclared, naming it', () => {
    const s = dossier((x) => {
      x.undertakings.monJob62 = false;
      x.undertakings.communicationCharter = false;
    });
    expect(requiredUndertakingsDeclared(s, context())).toEqual([
      {
        path: 'undertakings.monJob62',
        code: 'UNDERTAKING_NOT_DECLARED',
        message:
          "Engagement obligatoire non souscrit : utiliser la plateforme MonJob62, en informer chaque bénéficiaire et l'accompagner dans son inscription.",
      },
      {
        path: 'undertakings.communicationCharter',
        code: 'UNDERTAKING_NOT_DECLARED',
        message:
          "Engagement obligatoire non souscrit : respecter la charte « obligations et contreparties en matière de communication », consultable à l'adresse www.pasdecalais.fr/Partenaires/Contreparties-communication, et la charte graphique du Département.",
      },
    ]);
  });

  it('requires every "always" undertaking', () => {
    for (const u of UNDERTAKINGS.filter((x) => x.requiredWhen === 'always')) {
      const s = dossier((x) => (x.undertakings[u.key] = false));
      expect(
        requiredUndertakingsDeclared(s, context()).map((v) => v.path),
        u.key,
      ).toEqual([`undertakings.${u.key}`]);
    }
  });

  it('requires the worksite safety undertaking only for a chantier d’insertion', () => {
    const declined = (worksite: boolean) =>
      dossier((x) => {
        x.undertakings.insertionWorksiteSafety = false;
        x.operation.insertionWorksite = worksite;
      });
    expect(requiredUndertakingsDeclared(declined(false), context())).toEqual([]);
    expect(requiredUndertakingsDeclared(declined(true), context()).map((v) => v.path)).toEqual(['undertakings.insertionWorksiteSafety']);
  });

  it('requires it of every 5.5 « Chantiers d’Insertion » dossier, whatever the dossier says of its operation', () => {
    const opts = { dispositifCode: '5.5' };
    const s = dossier((x) => {
      x.undertakings.insertionWorksiteSafety = false;
      x.operation.insertionWorksite = false;
    }, opts);
    expect(requiredUndertakingsDeclared(s, context({}, opts))).toEqual([
      {
        path: 'undertakings.insertionWorksiteSafety',
        code: 'UNDERTAKING_NOT_DECLARED',
        message:
          "Engagement obligatoire non souscrit : pour un chantier d'insertion : fournir aux salariés une tenue de sécurité adéquate et organiser leur visite médicale.",
      },
    ]);
  });

  it('the communication charter undertaking gives the charter’s address, as the call does', () => {
    const charter = UNDERTAKINGS.find((u) => u.key === 'communicationCharter')!;
    expect(charter.label).toContain('www.pasdecalais.fr/Partenaires/Contreparties-communication');
    expect(charter.callWording).toContain('www.pasdecalais.fr/Partenaires/Contreparties-communication');
  });
});

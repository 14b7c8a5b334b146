import { describe, expect, it } from 'vitest';
import { CATALOG_FILES, createCatalog } from '#domain/catalog/index.ts';
import { operationWithinCallPeriod } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

const check = (start: string, end: string) =>
  operationWithinCallPeriod(
    dossier((x) => (x.operation = { ...x.operation, startDate: start, endDate: end })),
    context(),
  );

describe('operationWithinCallPeriod', () => {
  it('passes from 1 January 2026 to 31 December 2027, bounds included', () => {
    expect(check('2026-01-01', '2027-12-31')).toEqual([]);
  });

  it('fails before 1 January 2026 and after 31 December 2027', () => {
    expect(check('2025-12-31', '2027-12-31')).toEqual([
      {
        path: 'operation.startDate',
        code: 'OPERATION_STARTS_TOO_EARLY',
        message: "L'opération ne peut pas démarrer avant le 1er janvier 2026.",
      },
    ]);
    expect(check('2026-01-01', '2028-01-01')).toEqual([
      {
        path: 'operation.endDate',
        code: 'OPERATION_ENDS_TOO_LATE',
        message: "L'opération doit se terminer au plus tard le 31 décembre 2027.",
      },
    ]);
  });

  it('fails when the end is not after the start', () => {
    expect(check('2026-06-30', '2026-06-30').map((v) => v.code)).toEqual(['OPERATION_END_NOT_AFTER_START']);
    expect(check('2026-07-01', '2026-06-30')).toEqual([
      {
        path: 'operation.endDate',
        code: 'OPERATION_END_NOT_AFTER_START',
        message: "La date de fin de l'opération (30 juin 2026) doit être postérieure à sa date de début (1er juillet 2026).",
      },
    ]);
  });

  it('uses the dispositif’s bounds when its fiche narrows them', () => {
    const files = structuredClone(CATALOG_FILES) as any;
    files.dispositifs.dispositifs.find((d: any) => d.code === '1.1').operationEndsBy = '2026-12-31';
    const cat = createCatalog(files);
    const s = dossier((x) => (x.operation.endDate = '2027-06-30'), { catalog: cat });
    expect(operationWithinCallPeriod(s, context({ catalog: cat })).map((v) => v.code)).toEqual(['OPERATION_ENDS_TOO_LATE']);
  });
});

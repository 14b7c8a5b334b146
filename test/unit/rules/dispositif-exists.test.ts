import { describe, expect, it } from 'vitest';
import { dispositifExists } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('dispositifExists', () => {
  it('passes for a dispositif of the call', () => {
    expect(dispositifExists(dossier(), context())).toEqual([]);
  });

  it('fails for a code the call does not have', () => {
    expect(
      dispositifExists(
        dossier((s) => (s.dispositifCode = '3.15')),
        context(),
      ),
    ).toEqual([
      {
        path: 'dispositifCode',
        code: 'DISPOSITIF_UNKNOWN',
        message: "Le dispositif 3.15 n'existe pas dans l'appel à projets (dispositifs 1.1 à 5.11).",
      },
    ]);
  });
});

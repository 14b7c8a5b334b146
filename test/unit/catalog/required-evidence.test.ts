/** The pièces probantes owed per participant, by the call's rules in publics.json. */
import { describe, expect, it } from 'vitest';
import { catalog, requiredEvidence } from '#domain/catalog/index.ts';

const codes = (p: Parameters<typeof requiredEvidence>[1]) => requiredEvidence(catalog, p).map((x) => x.code);

describe('requiredEvidence', () => {
  it('an RSA beneficiary of 40: the CAF attestation', () => {
    expect(codes({ ageAtEntry: 40, publics: ['beneficiaires-rsa'], paths: [] })).toEqual(['attestation-caf']);
  });

  it('a young person of 25: an identity document; at 26: none', () => {
    expect(codes({ ageAtEntry: 25, publics: ['jeunes-moins-26-precarite'], paths: [] })).toEqual(['piece-identite']);
    expect(codes({ ageAtEntry: 26, publics: ['difficultes-logement'], paths: [] })).toEqual([]);
  });

  it('an IAE path: CAF attestation, agrément and work contract, plus identity under 26', () => {
    expect(codes({ ageAtEntry: 45, publics: ['beneficiaires-rsa'], paths: ['iae'] })).toEqual([
      'attestation-caf',
      'agrement-iae',
      'contrat-de-travail',
    ]);
    expect(codes({ ageAtEntry: 22, publics: [], paths: ['iae'] })).toEqual([
      'piece-identite',
      'attestation-caf',
      'agrement-iae',
      'contrat-de-travail',
    ]);
  });

  it('a young RSA beneficiary owes both pieces, each once', () => {
    expect(codes({ ageAtEntry: 25, publics: ['beneficiaires-rsa', 'jeunes-moins-26-precarite'], paths: [] })).toEqual([
      'piece-identite',
      'attestation-caf',
    ]);
  });

  it('refuses an age that is not whole years', () => {
    expect(() => codes({ ageAtEntry: 25.5, publics: [], paths: [] })).toThrow(RangeError);
    expect(() => codes({ ageAtEntry: -1, publics: [], paths: [] })).toThrow(RangeError);
  });
});

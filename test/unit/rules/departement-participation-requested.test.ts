import { describe, expect, it } from 'vitest';
import { departementParticipationRequested, requestedParticipationCents } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('departementParticipationRequested', () => {
  it('passes when the Département is asked for more than zero', () => {
    const s = dossier();
    expect(requestedParticipationCents(s.budget)).toBe(4_500_000);
    expect(departementParticipationRequested(s, context())).toEqual([]);
  });

  it('fails without a département resource', () => {
    const s = dossier((x) => (x.budget.resources = x.budget.resources.filter((r) => r.source !== 'departement')));
    expect(departementParticipationRequested(s, context()).map((v) => [v.path, v.code])).toEqual([
      ['budget.resources', 'BUDGET_NO_DEPARTEMENT_PARTICIPATION'],
    ]);
  });

  it('fails with a département resource of zero', () => {
    const s = dossier((x) => (x.budget.resources[0]!.amountCents = 0));
    expect(departementParticipationRequested(s, context()).map((v) => v.code)).toEqual(['BUDGET_NO_DEPARTEMENT_PARTICIPATION']);
  });
});

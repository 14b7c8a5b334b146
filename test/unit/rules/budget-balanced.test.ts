import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetIsBalanced } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('budgetIsBalanced', () => {
  it('passes when expenses equal resources to the cent', () => {
    expect(budgetIsBalanced(dossier(), context())).toEqual([]);
  });

  it('fails when one cent is missing, and says how much', () => {
    const s = dossier((x) => (x.budget.resources[0]!.amountCents -= 1));
    const [v, ...rest] = budgetIsBalanced(s, context());
    expect(rest).toEqual([]);
    expect(v?.path).toBe('budget');
    expect(v?.code).toBe('BUDGET_UNBALANCED');
    expect(v?.message.replace(/\s/g, ' ')).toBe(
      'Le budget doit être en équilibre : les dépenses prévisionnelles (75 000,00 €) doivent être égales aux ressources prévisionnelles (74 999,99 €) ; écart de 0,01 €.',
    );
  });

  it('is balanced exactly when the sums are equal (any split of cents)', () => {
    const cents = fc.integer({ min: 0, max: 100_000_000_000 });
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 20 }), fc.array(cents, { minLength: 1, maxLength: 20 }), (exp, res) => {
        const s = dossier((x) => {
          x.budget.expenses = exp.map((amountCents, i) => ({ label: `d${i}`, amountCents }));
          x.budget.resources = res.map((amountCents, i) => ({ label: `r${i}`, amountCents, source: 'autre' as const }));
        });
        const balanced = exp.reduce((a, b) => a + b, 0) === res.reduce((a, b) => a + b, 0);
        expect(budgetIsBalanced(s, context()).length === 0).toBe(balanced);
      }),
    );
  });
});

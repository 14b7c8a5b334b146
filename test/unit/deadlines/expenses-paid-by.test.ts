import { describe, expect, it } from 'vitest';
import { checkExpensePayment, latestExpensePaymentDate } from '#domain/deadlines/expenses-paid-by.ts';

describe('expenses paid by the bilan filing date', () => {
  it('the filing day itself is the last day, even a Saturday', () => {
    expect(latestExpensePaymentDate('2028-06-30')).toBe('2028-06-30');
    expect(latestExpensePaymentDate('2028-07-01')).toBe('2028-07-01');
  });

  it('accepts expenses paid up to the filing day, refuses later ones with a French reason', () => {
    expect(checkExpensePayment('2028-06-29', '2028-06-30')).toEqual({ ok: true, latest: '2028-06-30' });
    expect(checkExpensePayment('2028-06-30', '2028-06-30')).toEqual({ ok: true, latest: '2028-06-30' });
    const late = checkExpensePayment('2028-07-01', '2028-06-30');
    expect(late).toEqual({
      ok: false,
      latest: '2028-06-30',
      message:
        'Dépense acquittée le 1er juillet 2028, après le 30 juin 2028 : les dépenses déclarées doivent être acquittées ' +
        'au plus tard à la date du dépôt du bilan (30 juin 2028).',
    });
    expect(() => checkExpensePayment('2028-02-30', '2028-06-30')).toThrow(RangeError);
  });
});

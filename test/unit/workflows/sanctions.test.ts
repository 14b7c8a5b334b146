/** data/sanctions.json: each sanction automatic or proposed, read and checked at load. */
import { describe, expect, it } from 'vitest';
import { loadSanctions, SANCTIONS } from '#domain/workflow/sanctions.ts';

describe('sanctions as data', () => {
  it('defaults: the suspension falls by itself, the reimbursement demand is proposed to the service', () => {
    expect(SANCTIONS).toMatchObject({ 'payments-suspension': 'automatic', reimbursement: 'proposed' });
  });

  it('refuses a file that names another mode or another sanction, naming the field', () => {
    expect(() => loadSanctions({ 'payments-suspension': 'automatic', reimbursement: 'sometimes' })).toThrow(/reimbursement/);
    expect(() => loadSanctions({ 'payments-suspension': 'automatic', reimbursement: 'proposed', fine: 'automatic' })).toThrow(/fine/);
    expect(() => loadSanctions({ reimbursement: 'proposed' })).toThrow(/payments-suspension/);
  });
});

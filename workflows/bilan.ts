/**
 * The bilan (call, « Suivi et contrôle »): due by the dispositif's delay after the operation's
 * end; filed, it is reviewed (accepted, or more asked of the porteur), then the balance is paid —
 * held while payments are suspended — and the dossier closed. Not filed in time: every sum paid
 * is reclaimed. Who acts on each step, and when it is due: data/workflow-steps.json.
 */
import * as z from 'zod';
import { bilanAppraisal, bilanReport, complementsList, none } from '#domain/workflow/decision-fields.ts';
import { action, choice, DECISION, humanStep, succeed, when, type MachineSpec } from './asl.ts';

const PAY_BALANCE = 'PayBalance';

const bilan = humanStep('bilan', {
  state: 'AwaitBilan',
  decisions: { 'bilan-filed': { details: bilanReport, next: 'BilanReceived' } },
  onTimeout: 'demand-reimbursement',
});

const bilanReview = humanStep('bilan-review', {
  state: 'BilanReview',
  choice: 'BilanReviewDecision',
  decisions: {
    accept: { details: bilanAppraisal, next: 'AcceptBilan' },
    'ask-more': { details: z.strictObject({ complements: complementsList }), next: 'RequestBilanComplements' },
  },
  onTimeout: 'escalate',
});

const bilanComplements = humanStep('bilan-complements', {
  state: 'AwaitBilanComplements',
  decisions: { 'bilan-filed': { details: bilanReport, next: 'BilanReceived' } },
  onTimeout: 'demand-reimbursement',
});

const paymentHold = humanStep('payment-hold', {
  state: 'PaymentOnHold',
  decisions: { lifted: { details: none, next: PAY_BALANCE } },
  onTimeout: 'escalate',
  // The balance is tried again: paid if the suspension was lifted meanwhile, held again if not.
  resumeAt: PAY_BALANCE,
});

export const BILAN = {
  comment:
    "Bilan: due by the dispositif's delay after the operation's end; received ⇒ review (accept / ask for more) ⇒ balance payment (held while payments are suspended) ⇒ closure; not received in time ⇒ reimbursement demand.",
  start: 'OpenBilan',
  states: [
    action('OpenBilan', 'open-bilan', { next: bilan.entry }),
    bilan,
    action('BilanReceived', 'bilan-received', { with: DECISION, next: bilanReview.entry }),
    bilanReview,
    action('RequestBilanComplements', 'request-bilan-complements', { with: DECISION, next: bilanComplements.entry }),
    bilanComplements,
    action('AcceptBilan', 'accept-bilan', { with: DECISION, next: PAY_BALANCE }),
    action(PAY_BALANCE, 'pay-installment', { with: { milestone: 'bilan-accepted' }, result: { path: '$.payment' }, next: 'BalancePaid' }),
    choice('BalancePaid', {
      comment: 'Payments suspended (annual documents late): the balance waits until they are received.',
      choices: [when('$.payment.outcome', 'suspended', paymentHold.entry)],
      default: 'CloseDossier',
    }),
    paymentHold,
    action('CloseDossier', 'close-dossier', { next: 'Closed' }),
    succeed('Closed', 'Bilan accepted, balance paid: the dossier is closed.'),
    action('DemandReimbursement', 'demand-reimbursement', { next: 'ReimbursementDemanded' }),
    succeed('ReimbursementDemanded', 'Bilan not produced in time: every sum paid is reclaimed.'),
  ],
  onTimeout: { 'demand-reimbursement': 'DemandReimbursement' },
} satisfies MachineSpec;

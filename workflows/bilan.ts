/**
 * The bilan (call, « Suivi et contrôle »): due by the dispositif's delay after the operation's
 * end; filed, it is reviewed (accepted, or more asked of the porteur), then the balance is paid —
 * held while payments are suspended — and the dossier closed. Not filed in time: a reimbursement
 * of every sum paid is prepared and proposed to the service, which validates it or grants a delay
 * (data/sanctions.json may make it automatic). Who acts on each step, and when it is due:
 * data/workflow-steps.json.
 */
import * as z from 'zod/mini';
import { bilanAppraisal, bilanReport, complementsList, isoDate, none, reason } from '#domain/workflow/decision-fields.ts';
import { action, choice, DECISION, humanStep, succeed, when, type MachineSpec } from './asl.ts';

const PAY_BALANCE = 'PayBalance';

const bilan = humanStep('bilan', {
  state: 'AwaitBilan',
  decisions: { 'bilan-filed': { details: bilanReport, next: 'BilanReceived' } },
  onTimeout: 'bilan-missed',
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

/**
 * The bilan was filed; the complements asked are not. The call gives no ground for a
 * reimbursement here (the bilan was produced in time): the service reviews the bilan as filed.
 */
const bilanComplements = humanStep('bilan-complements', {
  state: 'AwaitBilanComplements',
  decisions: { 'bilan-filed': { details: bilanReport, next: 'BilanReceived' } },
  onTimeout: 'review-as-filed',
});

const reimbursementReview = humanStep('reimbursement-review', {
  state: 'ReimbursementReview',
  choice: 'ReimbursementDecision',
  decisions: {
    validate: { details: none, next: 'DemandReimbursement' },
    delay: { details: z.strictObject({ until: isoDate, reason }), next: 'DelayReimbursement' },
  },
  onTimeout: 'escalate',
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
    "Bilan: due by the dispositif's delay after the operation's end; received ⇒ review (accept / ask for more) ⇒ balance payment (held while payments are suspended) ⇒ closure; not received in time ⇒ reimbursement demand prepared, sent once the service validates it (or delayed).",
  start: 'OpenBilan',
  states: [
    action('OpenBilan', 'open-bilan', { next: bilan.entry }),
    bilan,
    action('BilanReceived', 'bilan-received', { with: DECISION, next: bilanReview.entry }),
    bilanReview,
    action('RequestBilanComplements', 'request-bilan-complements', { with: DECISION, next: bilanComplements.entry }),
    bilanComplements,
    action('BilanComplementsMissed', 'bilan-complements-missed', { next: bilanReview.entry }),
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
    action('PrepareReimbursement', 'prepare-reimbursement', { result: { path: '$.reimbursement' }, next: 'ReimbursementPolicy' }),
    choice('ReimbursementPolicy', {
      comment:
        'The bilan was given a later date meanwhile: wait for it again. Else the demand, prepared, is sent at once if data/sanctions.json makes it automatic, or proposed to the service.',
      choices: [
        when('$.reimbursement.outcome', 'extended', bilan.entry),
        when('$.reimbursement.outcome', 'automatic', 'DemandReimbursement'),
      ],
      default: reimbursementReview.entry,
    }),
    reimbursementReview,
    action('DelayReimbursement', 'delay-reimbursement', { with: DECISION, next: bilan.entry }),
    action('DemandReimbursement', 'demand-reimbursement', { next: 'ReimbursementDemanded' }),
    succeed('ReimbursementDemanded', 'Bilan not produced in time: every sum paid is reclaimed.'),
  ],
  onTimeout: { 'bilan-missed': 'PrepareReimbursement', 'review-as-filed': 'BilanComplementsMissed' },
} satisfies MachineSpec;

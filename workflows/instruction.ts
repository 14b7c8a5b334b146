/**
 * Instruction of a dossier (call, « Modalités d'instruction »): completeness check (with
 * complements asked of the porteur), validation by the chief of SLAI/SLISL, decision of the
 * Commission Permanente against the dispositif's envelope, convention. Then the execution phase.
 * Who acts on each step, and when it is due: data/workflow-steps.json.
 */
import * as z from 'zod/mini';
import { amountCents, complementsList, isoDate, none, reason, sessionId, text } from '#domain/workflow/decision-fields.ts';
import { action, DECISION, humanStep, startPhase, succeed, type MachineSpec } from './asl.ts';

const completenessCheck = humanStep('completeness-check', {
  state: 'CompletenessCheck',
  choice: 'CompletenessDecision',
  decisions: {
    complete: { details: none, next: 'MarkComplete' },
    'ask-complements': { details: z.strictObject({ complements: complementsList }), next: 'RequestComplements' },
  },
  onTimeout: 'escalate',
});

const complements = humanStep('complements', {
  state: 'AwaitComplements',
  decisions: { 'complements-provided': { details: none, next: 'ComplementsReceived' } },
  onTimeout: 'close-incomplete',
});

const chiefValidation = humanStep('chief-validation', {
  state: 'ChiefValidation',
  choice: 'ChiefDecision',
  decisions: {
    approve: { details: none, next: 'MarkReadyForCp' },
    // The call: a refusal is reasoned (« motif »), told to the porteur.
    reject: { details: z.strictObject({ reason }), next: 'RejectDossier' },
  },
  onTimeout: 'escalate',
});

const cpDecision = humanStep('cp-decision', {
  state: 'CpDecision',
  choice: 'CpOutcome',
  decisions: {
    favourable: {
      details: z.strictObject({ amountCents, cpDate: isoDate, deliberationNumber: text(60), sessionId }),
      next: 'CommitEnvelope',
    },
    unfavourable: {
      details: z.strictObject({ cpDate: isoDate, deliberationNumber: text(60), reason, sessionId }),
      next: 'RecordUnfavourable',
    },
    adjourned: {
      details: z.strictObject({ cpDate: isoDate, reason: z.optional(reason), nextSessionDate: z.optional(isoDate), sessionId }),
      next: 'RecordAdjourned',
    },
  },
  onTimeout: 'escalate',
});

const conventionSignature = humanStep('convention-signature', {
  state: 'ConventionSignature',
  choice: 'ConventionDecision',
  decisions: { signed: { details: z.strictObject({ signedOn: isoDate }), next: 'RecordConventionSigned' } },
  onTimeout: 'escalate',
});

export const INSTRUCTION = {
  comment:
    'Instruction of a dossier: completeness check (with complements), validation by the chief of SLAI/SLISL, Commission Permanente decision, convention. Then the execution phase starts.',
  start: 'AcknowledgeSubmission',
  states: [
    action('AcknowledgeSubmission', 'acknowledge-submission', { next: completenessCheck.entry }),
    completenessCheck,
    action('MarkComplete', 'mark-complete', { with: DECISION, next: chiefValidation.entry }),
    action('RequestComplements', 'request-complements', { with: { 'request.$': '$.decision' }, next: complements.entry }),
    complements,
    action('ComplementsReceived', 'complements-received', { next: completenessCheck.entry }),
    action('CloseIncomplete', 'close-incomplete', { next: 'Incomplete' }),
    succeed('Incomplete', 'Complements not received in time: the dossier is closed as incomplete.'),
    chiefValidation,
    action('RejectDossier', 'reject-dossier', { with: DECISION, next: 'Rejected' }),
    succeed('Rejected', 'Rejected by the chief of SLAI/SLISL.'),
    action('MarkReadyForCp', 'mark-ready-for-cp', { with: DECISION, next: cpDecision.entry }),
    cpDecision,
    action('RecordAdjourned', 'record-cp-adjourned', { with: DECISION, next: cpDecision.entry }),
    action('RecordUnfavourable', 'record-cp-unfavourable', { with: DECISION, next: 'Unfavourable' }),
    succeed('Unfavourable', 'Unfavourable decision of the Commission Permanente.'),
    // The amount must fit what is left of the dispositif's envelope (one conditional write);
    // refused, the decision is recorded as exceeding it and the step opens again.
    action('CommitEnvelope', 'commit-envelope', {
      with: DECISION,
      catch: [{ ErrorEquals: ['EnvelopeExceededError'], ResultPath: '$.envelopeError', Next: 'RecordEnvelopeExceeded' }],
      next: 'RecordFavourable',
    }),
    action('RecordEnvelopeExceeded', 'record-envelope-exceeded', {
      with: { ...DECISION, 'error.$': '$.envelopeError' },
      next: cpDecision.entry,
    }),
    action('RecordFavourable', 'record-cp-favourable', { with: DECISION, next: 'DraftConvention' }),
    action('DraftConvention', 'draft-convention', { next: conventionSignature.entry }),
    conventionSignature,
    action('RecordConventionSigned', 'record-convention-signed', { with: DECISION, next: 'StartExecutionPhase' }),
    startPhase('StartExecutionPhase', 'execution'),
  ],
  onTimeout: { 'close-incomplete': 'CloseIncomplete' },
} satisfies MachineSpec;

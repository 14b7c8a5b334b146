/**
 * The instruction phase's actions (workflows/instruction.ts): acknowledgement, completeness,
 * complements, the chief's validation, the Commission Permanente's decision against the
 * dispositif's envelope, the convention. Each is one change of its dossier (./common.ts `act`).
 */
import { transition } from '#domain/dossier/lifecycle.ts';
import { conventionIndicators } from '#domain/rules/operation-evaluation.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { readDetails } from '../decisions.ts';
import { changeDossier } from '../dossier-change.ts';
import { envelopeCommitmentOf } from '../envelope-commitment.ts';
import { porteurAddress, porteurFacts } from '../notify.ts';
import { workflowOf, type DossierRecord } from '../state.ts';
import { act, decidedTask, readForAction, today, type Action } from './common.ts';
import { requestComplements } from './complements.ts';
import { ACKNOWLEDGEMENT } from '#domain/notifications/instruction.ts';
import { CONVENTION_TO_SIGN } from '#domain/notifications/convention.ts';
import { DECISION_ADJOURNED } from '#domain/notifications/instruction.ts';
import { DECISION_FAVOURABLE } from '#domain/notifications/instruction.ts';
import { DECISION_REJECTED } from '#domain/notifications/instruction.ts';
import { DECISION_UNFAVOURABLE } from '#domain/notifications/instruction.ts';
import { DOSSIER_INCOMPLETE } from '#domain/notifications/instruction.ts';

const acknowledgeSubmission: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const d = change.read;
      const status = transition(d, 'acknowledge-submission');
      if (!status) return { outcome: 'acknowledged' };
      change.workflow.operation ??= { ...d.profile.operation };
      change.setStatus(status).record('submission-acknowledged');
      change.email(ACKNOWLEDGEMENT, {
        key: `acknowledgement#${d.id}`,
        to: porteurAddress(d),
        params: {
          ...porteurFacts(deps.catalog, d),
          operationTitle: d.profile.projectTitle,
          receivedOn: parisDateOf(new Date(d.createdAt)),
        },
      });
      return { outcome: 'acknowledged' };
    },
    call,
  );

const markComplete: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const status = transition(change.read, 'mark-complete');
      if (status) change.setStatus(status).record('dossier-complete');
      return { outcome: 'complete' };
    },
    call,
  );

const askComplements: Action = (deps, input, call) =>
  requestComplements(
    deps,
    input,
    { transition: 'request-complements', timelineType: 'complements-requested' },
    (details) => readDetails('completeness-check', 'ask-complements', details).complements,
    call,
  );

const complementsReceived: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const status = transition(change.read, 'complements-received');
      if (!status) return { outcome: 'received' };
      change.setStatus(status);
      const complements = change.workflow.complements;
      if (complements) change.meet('complements', complements.ref);
      change.record('complements-received', {}, 'porteur');
      return { outcome: 'received' };
    },
    call,
  );

const closeIncomplete: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const d = change.read;
      const status = transition(d, 'close-incomplete');
      if (!status) return { outcome: 'closed-incomplete' };
      const complements = change.workflow.complements;
      change.setStatus(status).record('dossier-closed-incomplete', { complementsDueDate: complements?.dueDate });
      change.email(DOSSIER_INCOMPLETE, {
        key: `dossier-incomplete#${d.id}`,
        to: porteurAddress(d),
        params: { ...porteurFacts(deps.catalog, d), complementsDueDate: complements?.dueDate ?? today(deps), closedOn: today(deps) },
      });
      return { outcome: 'closed-incomplete' };
    },
    call,
  );

const rejectDossier: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const d = change.read;
      const status = transition(d, 'reject-dossier');
      if (!status) return { outcome: 'rejected' };
      const { reason } = readDetails('chief-validation', 'reject', task.details);
      change.setStatus(status).record('dossier-rejected', { reason }, task.decidedBy);
      change.email(DECISION_REJECTED, {
        key: `decision-rejected#${d.id}`,
        to: porteurAddress(d),
        params: { ...porteurFacts(deps.catalog, d), reason, decidedOn: parisDateOf(new Date(task.decidedAt ?? deps.clock.now())) },
      });
      return { outcome: 'rejected' };
    },
    call,
  );

const markReadyForCp: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const status = transition(change.read, 'mark-ready-for-cp');
      if (status) change.setStatus(status).record('dossier-validated');
      return { outcome: 'ready-for-cp' };
    },
    call,
  );

const recordCpAdjourned: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const d = change.read;
      const details = readDetails('cp-decision', 'adjourned', task.details);
      // A dossier may be adjourned more than once: this decision's adjournment is done once (its marker).
      const status = transition(d, 'record-cp-adjourned');
      if (!status) return { outcome: 'adjourned' };
      change.markAs(`cp-adjourned#${task.id}`);
      change.workflow.cp = { cpDate: details.cpDate, ...(details.sessionId ? { sessionId: details.sessionId } : {}) };
      change.setStatus(status).record('cp-adjourned', { ...details }, task.decidedBy);
      change.email(DECISION_ADJOURNED, {
        key: `decision-adjourned#${task.id}`,
        to: porteurAddress(d),
        params: {
          ...porteurFacts(deps.catalog, d),
          cpDate: details.cpDate,
          ...(details.reason ? { reason: details.reason } : {}),
          ...(details.nextSessionDate ? { nextSessionDate: details.nextSessionDate } : {}),
        },
      });
      return { outcome: 'adjourned' };
    },
    call,
  );

const recordCpUnfavourable: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const d = change.read;
      const status = transition(d, 'record-cp-unfavourable');
      if (!status) return { outcome: 'unfavourable' };
      const details = readDetails('cp-decision', 'unfavourable', task.details);
      change.workflow.cp = { cpDate: details.cpDate, deliberationNumber: details.deliberationNumber };
      change.setStatus(status).record('cp-unfavourable', { ...details }, task.decidedBy);
      change.email(DECISION_UNFAVOURABLE, {
        key: `decision-unfavourable#${d.id}`,
        to: porteurAddress(d),
        params: {
          ...porteurFacts(deps.catalog, d),
          cpDate: details.cpDate,
          deliberationNumber: details.deliberationNumber,
          reason: details.reason,
        },
      });
      return { outcome: 'unfavourable' };
    },
    call,
  );

/**
 * The favourable amount is committed to the dispositif's envelope with the decision itself
 * (../envelope-commitment.ts): here it is found made. A decision recorded without it (none
 * should be) has it committed now, or throws `EnvelopeExceededError` (domain/ports/errors.ts),
 * which the state machine catches (RecordEnvelopeExceeded).
 */
const commitEnvelope: Action = async (deps, input, call) => {
  const { dossier, task } = await readForAction(deps, input, call?.known, call?.knownTask);
  const decided = decidedTask(input, task);
  const commitment = envelopeCommitmentOf(deps.catalog, dossier, decided, 'favourable', decided.details ?? {});
  if (!commitment) throw new Error(`action ${input.action}: task ${decided.id} is not a favourable CP decision`);
  const result = { outcome: 'committed' };
  if ((await deps.envelopes.commitmentOf(commitment.dispositifCode, dossier.id)) === commitment.cents)
    return { result, dossier, task: decided };
  const changed = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      change.commitEnvelope(commitment).record('envelope-committed', { amountCents: commitment.cents }).confirmDecision(decided.id);
      return undefined;
    },
    { read: dossier },
  );
  return { result, dossier: changed.dossier, task: decided };
};

const recordEnvelopeExceeded: Action = async (deps, input, call) => {
  const { dossier, task } = await readForAction(deps, input, call?.known, call?.knownTask);
  const decided = decidedTask(input, task);
  const { amountCents } = readDetails('cp-decision', 'favourable', decided.details);
  const envelope = await deps.envelopes.get(dossier.dispositifCode);
  const changed = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      change.markAs(`envelope-exceeded#${decided.id}`).confirmDecision(decided.id);
      change.record(
        'envelope-exceeded',
        { amountCents, remainingCents: envelope?.remainingCents ?? 0, error: input.error?.Error },
        decided.decidedBy,
      );
      return undefined;
    },
    { read: dossier },
  );
  return { result: { outcome: 'envelope-exceeded' }, dossier: changed.dossier };
};

const recordCpFavourable: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const d = change.read;
      const status = transition(d, 'record-cp-favourable');
      if (!status) return { outcome: 'favourable' };
      const details = readDetails('cp-decision', 'favourable', task.details);
      change.workflow.cp = {
        cpDate: details.cpDate,
        deliberationNumber: details.deliberationNumber,
        ...(details.sessionId ? { sessionId: details.sessionId } : {}),
      };
      change.setAmounts({ ...d.amounts, grantedCents: details.amountCents }).setStatus(status);
      change.record('cp-favourable', { ...details }, task.decidedBy);
      change.email(DECISION_FAVOURABLE, {
        key: `decision-favourable#${d.id}`,
        to: porteurAddress(d),
        params: {
          ...porteurFacts(deps.catalog, d),
          cpDate: details.cpDate,
          deliberationNumber: details.deliberationNumber,
          amountCents: details.amountCents,
        },
      });
      return { outcome: 'favourable' };
    },
    call,
  );

/** The convention's reference: the dossier's, prefixed (one convention per dossier). */
export function conventionReference(dossierReference: string): string {
  return `CONV-${dossierReference}`;
}

/** The reference of the dossier's convention (drafted, or the one it will have). */
export function conventionOf(dossier: DossierRecord): string {
  return workflowOf(dossier).convention?.reference ?? conventionReference(dossier.reference);
}

const draftConvention: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const d = change.read;
      const status = transition(d, 'draft-convention');
      if (!status) return { outcome: 'drafted' };
      const reference = conventionReference(d.reference);
      const operation = change.workflow.operation ?? d.profile.operation;
      // The convention fixes the indicators its operation is evaluated on, and its period (over which expenses are eligible).
      const indicators = conventionIndicators(deps.catalog, d.dispositifCode, d.profile);
      const period = { startDate: operation.startDate, endDate: operation.endDate };
      change.workflow.convention = { reference, draftedOn: today(deps), indicators, period };
      change.setStatus(status).record('convention-drafted', { conventionReference: reference, indicators, period });
      change.email(CONVENTION_TO_SIGN, {
        key: `convention-to-sign#${d.id}`,
        to: porteurAddress(d),
        params: {
          ...porteurFacts(deps.catalog, d),
          conventionReference: reference,
          amountCents: d.amounts.grantedCents ?? 0,
          operationPeriod: { start: operation.startDate, end: operation.endDate },
          conventionPeriod: { start: period.startDate, end: period.endDate },
          indicators: indicators.map((i) => ({ label: i.label, target: i.target })),
          charterTitle: deps.catalog.call.communicationCharter.title,
          charterUrl: deps.catalog.call.communicationCharter.url,
        },
      });
      return { outcome: 'drafted' };
    },
    call,
  );

const recordConventionSigned: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const d = change.read;
      const status = transition(d, 'record-convention-signed');
      if (!status) return { outcome: 'signed' };
      const { signedOn } = readDetails('convention-signature', 'signed', task.details);
      if (!change.workflow.convention) throw new Error(`dossier ${d.id}: no convention drafted`);
      change.workflow.convention = { ...change.workflow.convention, signedOn };
      change.setStatus(status).record('convention-signed', { signedOn }, task.decidedBy);
      return { outcome: 'signed' };
    },
    call,
  );

export const INSTRUCTION_ACTIONS: Record<string, Action> = {
  'acknowledge-submission': acknowledgeSubmission,
  'mark-complete': markComplete,
  'request-complements': askComplements,
  'complements-received': complementsReceived,
  'close-incomplete': closeIncomplete,
  'reject-dossier': rejectDossier,
  'mark-ready-for-cp': markReadyForCp,
  'record-cp-adjourned': recordCpAdjourned,
  'record-cp-unfavourable': recordCpUnfavourable,
  'commit-envelope': commitEnvelope,
  'record-envelope-exceeded': recordEnvelopeExceeded,
  'record-cp-favourable': recordCpFavourable,
  'draft-convention': draftConvention,
  'record-convention-signed': recordConventionSigned,
};

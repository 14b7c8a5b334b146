/**
 * The instruction phase's actions (workflows/instruction.ts): acknowledgement, completeness,
 * complements, the chief's validation, the Commission Permanente's decision against the
 * dispositif's envelope, the convention.
 */
import { transition } from '#domain/dossier/lifecycle.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { readDetails } from '../decisions.ts';
import { porteurAddress, porteurFacts, queueEmail } from '../notify.ts';
import { meetObligation } from '../obligations.ts';
import { changeDossier, loadDossier, workflowOf, type DossierRecord } from '../state.ts';
import { decidedTask, record, today, type Action } from './common.ts';
import { requestComplements } from './complements.ts';

const acknowledgeSubmission: Action = async (deps, input) => {
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'acknowledge-submission');
    return status && { workflow: { ...workflow, operation: workflow.operation ?? { ...d.submission.operation } }, status };
  });
  await record(deps, dossier.id, 'submission-acknowledged', dossier.id);
  await queueEmail(deps.repo, {
    key: `acknowledgement#${dossier.id}`,
    kind: 'acknowledgement',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      operationTitle: dossier.submission.project.title,
      receivedOn: parisDateOf(new Date(dossier.createdAt)),
    },
  });
  return { outcome: 'acknowledged' };
};

const markComplete: Action = async (deps, input) => {
  await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'mark-complete');
    return status && { workflow, status };
  });
  await record(deps, input.dossierId, 'dossier-complete', input.decision?.taskId ?? input.executionName);
  return { outcome: 'complete' };
};

const askComplements: Action = (deps, input) =>
  requestComplements(
    deps,
    input,
    { transition: 'request-complements', timelineType: 'complements-requested' },
    (details) => readDetails('completeness-check', 'ask-complements', details).complements,
  );

const complementsReceived: Action = async (deps, input) => {
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'complements-received');
    return status && { workflow, status };
  });
  const complements = workflowOf(dossier).complements;
  if (complements) await meetObligation(deps.repo, dossier.id, 'complements', complements.ref);
  await record(deps, dossier.id, 'complements-received', input.decision?.taskId ?? input.executionName, {}, 'porteur');
  return { outcome: 'received' };
};

const closeIncomplete: Action = async (deps, input) => {
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'close-incomplete');
    return status && { workflow, status };
  });
  const complements = workflowOf(dossier).complements;
  await record(deps, dossier.id, 'dossier-closed-incomplete', dossier.id, { complementsDueDate: complements?.dueDate });
  await queueEmail(deps.repo, {
    key: `dossier-incomplete#${dossier.id}`,
    kind: 'dossier-incomplete',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: { ...porteurFacts(deps.catalog, dossier), complementsDueDate: complements?.dueDate ?? today(deps), closedOn: today(deps) },
  });
  return { outcome: 'closed-incomplete' };
};

const rejectDossier: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const { reason } = readDetails('chief-validation', 'reject', task.details);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'reject-dossier');
    return status && { workflow, status };
  });
  await record(deps, dossier.id, 'dossier-rejected', task.id, { reason }, task.decidedBy);
  await queueEmail(deps.repo, {
    key: `decision-rejected#${dossier.id}`,
    kind: 'decision-rejected',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: { ...porteurFacts(deps.catalog, dossier), reason, decidedOn: parisDateOf(new Date(task.decidedAt ?? deps.clock.now())) },
  });
  return { outcome: 'rejected' };
};

const markReadyForCp: Action = async (deps, input) => {
  await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'mark-ready-for-cp');
    return status && { workflow, status };
  });
  await record(deps, input.dossierId, 'dossier-validated', input.decision?.taskId ?? input.executionName);
  return { outcome: 'ready-for-cp' };
};

const recordCpAdjourned: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const details = readDetails('cp-decision', 'adjourned', task.details);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'record-cp-adjourned');
    // Already adjourned: to another session (a new adjournment), or to this one (this decision, replayed).
    if (!status || (d.status === 'cp-adjourned' && workflow.cp?.cpDate === details.cpDate)) return undefined;
    return {
      workflow: { ...workflow, cp: { cpDate: details.cpDate, ...(details.sessionId ? { sessionId: details.sessionId } : {}) } },
      status,
    };
  });
  await record(deps, dossier.id, 'cp-adjourned', task.id, { ...details }, task.decidedBy);
  await queueEmail(deps.repo, {
    key: `decision-adjourned#${task.id}`,
    kind: 'decision-adjourned',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      cpDate: details.cpDate,
      ...(details.reason ? { reason: details.reason } : {}),
      ...(details.nextSessionDate ? { nextSessionDate: details.nextSessionDate } : {}),
    },
  });
  return { outcome: 'adjourned' };
};

const recordCpUnfavourable: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const details = readDetails('cp-decision', 'unfavourable', task.details);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'record-cp-unfavourable');
    return status && { workflow: { ...workflow, cp: { cpDate: details.cpDate, deliberationNumber: details.deliberationNumber } }, status };
  });
  await record(deps, dossier.id, 'cp-unfavourable', task.id, { ...details }, task.decidedBy);
  await queueEmail(deps.repo, {
    key: `decision-unfavourable#${dossier.id}`,
    kind: 'decision-unfavourable',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      cpDate: details.cpDate,
      deliberationNumber: details.deliberationNumber,
      reason: details.reason,
    },
  });
  return { outcome: 'unfavourable' };
};

/**
 * The favourable amount must fit what is left of the dispositif's envelope: one conditional
 * write on the envelope (two decisions cannot together exceed it). Refused, it throws
 * `EnvelopeExceededError` (domain/ports/errors.ts), which the state machine catches (RecordEnvelopeExceeded).
 */
const commitEnvelope: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const { amountCents } = readDetails('cp-decision', 'favourable', task.details);
  const dossier = await loadDossier(deps.repo, input.dossierId);
  const dispositif = deps.catalog.dispositifByCode(dossier.dispositifCode);
  if (!dispositif) throw new Error(`unknown dispositif ${dossier.dispositifCode}`);
  await deps.repo.initEnvelope(dispositif.code, dispositif.envelopeCents);
  const envelope = await deps.repo.commitToEnvelope(dispositif.code, dossier.id, amountCents);
  return { outcome: 'committed', remainingCents: envelope.remainingCents };
};

const recordEnvelopeExceeded: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const { amountCents } = readDetails('cp-decision', 'favourable', task.details);
  const dossier = await loadDossier(deps.repo, input.dossierId);
  const envelope = await deps.repo.getEnvelope(dossier.dispositifCode);
  await record(
    deps,
    dossier.id,
    'envelope-exceeded',
    task.id,
    { amountCents, remainingCents: envelope?.remainingCents ?? 0, error: input.error?.Error },
    task.decidedBy,
  );
  return { outcome: 'envelope-exceeded' };
};

const recordCpFavourable: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const details = readDetails('cp-decision', 'favourable', task.details);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'record-cp-favourable');
    return (
      status && {
        workflow: {
          ...workflow,
          cp: {
            cpDate: details.cpDate,
            deliberationNumber: details.deliberationNumber,
            ...(details.sessionId ? { sessionId: details.sessionId } : {}),
          },
        },
        amounts: { ...d.amounts, grantedCents: details.amountCents },
        status,
      }
    );
  });
  await record(deps, dossier.id, 'cp-favourable', task.id, { ...details }, task.decidedBy);
  await queueEmail(deps.repo, {
    key: `decision-favourable#${dossier.id}`,
    kind: 'decision-favourable',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      cpDate: details.cpDate,
      deliberationNumber: details.deliberationNumber,
      amountCents: details.amountCents,
    },
  });
  return { outcome: 'favourable' };
};

/** The convention's reference: the dossier's, prefixed (one convention per dossier). */
export function conventionReference(dossierReference: string): string {
  return `CONV-${dossierReference}`;
}

/** The reference of the dossier's convention (drafted, or the one it will have). */
export function conventionOf(dossier: DossierRecord): string {
  return workflowOf(dossier).convention?.reference ?? conventionReference(dossier.reference);
}

const draftConvention: Action = async (deps, input) => {
  const draftedOn = today(deps);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'draft-convention');
    return status && { workflow: { ...workflow, convention: { reference: conventionReference(d.reference), draftedOn } }, status };
  });
  const workflow = workflowOf(dossier);
  const operation = workflow.operation ?? dossier.submission.operation;
  await record(deps, dossier.id, 'convention-drafted', dossier.id, { conventionReference: workflow.convention?.reference });
  await queueEmail(deps.repo, {
    key: `convention-to-sign#${dossier.id}`,
    kind: 'convention-to-sign',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      conventionReference: conventionOf(dossier),
      amountCents: dossier.amounts.grantedCents ?? 0,
      operationPeriod: { start: operation.startDate, end: operation.endDate },
      charterTitle: deps.catalog.call.communicationCharter.title,
      charterUrl: deps.catalog.call.communicationCharter.url,
    },
  });
  return { outcome: 'drafted' };
};

const recordConventionSigned: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const { signedOn } = readDetails('convention-signature', 'signed', task.details);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'record-convention-signed');
    if (!status) return undefined;
    if (!workflow.convention) throw new Error(`dossier ${d.id}: no convention drafted`);
    return { workflow: { ...workflow, convention: { ...workflow.convention, signedOn } }, status };
  });
  await record(deps, dossier.id, 'convention-signed', task.id, { signedOn }, task.decidedBy);
  return { outcome: 'signed' };
};

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

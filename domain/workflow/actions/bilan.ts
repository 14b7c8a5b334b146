/**
 * The bilan phase's actions (workflows/bilan.ts): the bilan is owed by the dispositif's
 * delay after the operation's end; filed, it is reviewed, then the balance is paid and the
 * dossier closed; not filed in time, every sum paid is reclaimed (call, « Suivi et contrôle »).
 */
import { bilanDueDate } from '#domain/deadlines/index.ts';
import { transition } from '#domain/dossier/lifecycle.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { readDetails } from '../decisions.ts';
import { porteurAddress, porteurFacts, queueEmail } from '../notify.ts';
import { cancelPendingObligations, meetObligation, scheduleObligation } from '../obligations.ts';
import { changeDossier, loadDossier, workflowOf } from '../state.ts';
import { decidedTask, record, today, type Action } from './common.ts';
import { requestComplements } from './complements.ts';
import { conventionOf } from './instruction.ts';

const openBilan: Action = async (deps, input) => {
  const read = await loadDossier(deps.repo, input.dossierId);
  const dispositif = deps.catalog.dispositifByCode(read.dispositifCode);
  if (!dispositif) throw new Error(`unknown dispositif ${read.dispositifCode}`);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    if (workflow.bilan) return undefined;
    transition(d, 'open-bilan'); // throws unless the operation has ended
    const operationEnd = workflow.operation?.endDate ?? d.submission.operation.endDate;
    return { workflow: { ...workflow, bilan: { dueDate: bilanDueDate(operationEnd, dispositif.bilanDelayMonths) } } };
  });
  const bilan = workflowOf(dossier).bilan!;
  await scheduleObligation(deps.repo, {
    dossierId: dossier.id,
    kind: 'bilan',
    ref: 'final',
    dueDate: bilan.dueDate,
    notBefore: today(deps),
  });
  await record(deps, dossier.id, 'bilan-opened', dossier.id, { dueDate: bilan.dueDate });
  return { outcome: 'opened' };
};

const bilanReceived: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const filedOn = parisDateOf(new Date(task.decidedAt ?? deps.clock.now()));
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'bilan-received');
    return status && { workflow: { ...workflow, bilan: { ...workflow.bilan!, filedOn } }, status };
  });
  await meetObligation(deps.repo, dossier.id, 'bilan', 'final');
  const complements = workflowOf(dossier).complements;
  if (complements) await meetObligation(deps.repo, dossier.id, 'complements', complements.ref);
  await record(deps, dossier.id, 'bilan-filed', task.id, { filedOn }, task.decidedBy);
  return { outcome: 'received' };
};

const requestBilanComplements: Action = (deps, input) =>
  requestComplements(
    deps,
    input,
    { transition: 'request-bilan-complements', timelineType: 'bilan-complements-requested' },
    (details) => readDetails('bilan-review', 'ask-more', details).complements,
  );

const acceptBilan: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const acceptedOn = parisDateOf(new Date(task.decidedAt ?? deps.clock.now()));
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow) =>
    workflow.bilan?.acceptedOn ? undefined : { workflow: { ...workflow, bilan: { ...workflow.bilan!, acceptedOn } } },
  );
  await record(deps, dossier.id, 'bilan-accepted', task.id, { acceptedOn }, task.decidedBy);
  return { outcome: 'accepted' };
};

const closeDossier: Action = async (deps, input) => {
  const closedOn = today(deps);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'close-dossier');
    return status && { workflow: { ...workflow, closedOn }, status };
  });
  const workflow = workflowOf(dossier);
  const balance = workflow.payments.find((p) => p.milestone === 'bilan-accepted');
  await record(deps, dossier.id, 'dossier-closed', dossier.id, { totalPaidCents: dossier.amounts.paidCents });
  await queueEmail(deps.repo, {
    key: `dossier-closed#${dossier.id}`,
    kind: 'dossier-closed',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      conventionReference: conventionOf(dossier),
      bilanAcceptedOn: workflow.bilan?.acceptedOn ?? closedOn,
      balanceCents: balance?.cents ?? 0,
      balancePaidOn: balance?.paidOn ?? closedOn,
      totalPaidCents: dossier.amounts.paidCents,
      closedOn: workflow.closedOn ?? closedOn,
    },
  });
  return { outcome: 'closed' };
};

/** The bilan was not filed in time: every sum paid is reclaimed (call: « rembourser la totalité des sommes versées »). */
const demandReimbursement: Action = async (deps, input) => {
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'demand-reimbursement');
    return status && { workflow, status };
  });
  await cancelPendingObligations(deps.repo, dossier.id);
  const workflow = workflowOf(dossier);
  const amountPaidCents = dossier.amounts.paidCents;
  await record(deps, dossier.id, 'reimbursement-demanded', dossier.id, { amountPaidCents, bilanDueDate: workflow.bilan?.dueDate });
  if (amountPaidCents > 0) {
    await queueEmail(deps.repo, {
      key: `reimbursement-demand#${dossier.id}`,
      kind: 'reimbursement-demand',
      to: porteurAddress(dossier),
      dossierId: dossier.id,
      params: {
        ...porteurFacts(deps.catalog, dossier),
        conventionReference: conventionOf(dossier),
        bilanDueDate: workflow.bilan?.dueDate ?? today(deps),
        amountPaidCents,
      },
    });
  }
  return { outcome: 'reimbursement-demanded' };
};

export const BILAN_ACTIONS: Record<string, Action> = {
  'open-bilan': openBilan,
  'bilan-received': bilanReceived,
  'request-bilan-complements': requestBilanComplements,
  'accept-bilan': acceptBilan,
  'close-dossier': closeDossier,
  'demand-reimbursement': demandReimbursement,
};

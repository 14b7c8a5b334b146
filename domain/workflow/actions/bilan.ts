/**
 * The bilan phase's actions (workflows/bilan.ts): the bilan is owed by the dispositif's
 * delay after the operation's end; filed, it is reviewed, then the balance is paid and the
 * dossier closed; not filed in time, every sum paid is reclaimed (call, « Suivi et contrôle »).
 */
import { bilanDueDate } from '#domain/deadlines/index.ts';
import { transition } from '#domain/dossier/lifecycle.ts';
import { evaluate } from '#domain/rules/operation-evaluation.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { readDetails } from '../decisions.ts';
import { porteurAddress, porteurFacts } from '../notify.ts';
import { act, decidedTask, today, type Action } from './common.ts';
import { requestComplements } from './complements.ts';
import { conventionOf } from './instruction.ts';

const openBilan: Action = async (deps, input) =>
  (
    await act(deps, input, (change) => {
      const d = change.read;
      if (change.workflow.bilan) return { outcome: 'opened' };
      transition(d, 'open-bilan'); // throws unless the operation has ended
      const dispositif = deps.catalog.dispositifByCode(d.dispositifCode);
      if (!dispositif) throw new Error(`unknown dispositif ${d.dispositifCode}`);
      const operationEnd = change.workflow.operation?.endDate ?? d.profile.operation.endDate;
      const dueDate = bilanDueDate(operationEnd, dispositif.bilanDelayMonths);
      change.workflow.bilan = { dueDate };
      change.schedule({ kind: 'bilan', ref: 'final', dueDate, notBefore: today(deps) });
      change.record('bilan-opened', { dueDate });
      return { outcome: 'opened' };
    })
  ).result;

const bilanReceived: Action = async (deps, input) =>
  (
    await act(deps, input, (change, decided) => {
      const task = decidedTask(input, decided);
      const status = transition(change.read, 'bilan-received');
      if (!status) return { outcome: 'received' };
      const filedOn = parisDateOf(new Date(task.decidedAt ?? deps.clock.now()));
      // Its numbers kept with the dossier for the evaluation (the account itself stays in the decision and the timeline).
      const filed = readDetails('bilan', 'bilan-filed', task.details);
      const report = {
        achieved: Object.fromEntries(filed.indicateurs.map((i) => [i.code, i.realise])),
        exitsByNature: Object.fromEntries(filed.sorties.map((e) => [e.nature, e.nombre])),
        expensesPaidCents: filed.depenses.reduce((sum, e) => sum + e.montantCents, 0),
      };
      change.workflow.bilan = { ...change.workflow.bilan!, filedOn, report };
      change.setStatus(status).meet('bilan', 'final');
      const complements = change.workflow.complements;
      if (complements) change.meet('complements', complements.ref);
      change.record('bilan-filed', { filedOn, ...report }, task.decidedBy);
      return { outcome: 'received' };
    })
  ).result;

const requestBilanComplements: Action = (deps, input) =>
  requestComplements(
    deps,
    input,
    { transition: 'request-bilan-complements', timelineType: 'bilan-complements-requested' },
    (details) => readDetails('bilan-review', 'ask-more', details).complements,
  );

const acceptBilan: Action = async (deps, input) =>
  (
    await act(deps, input, (change, decided) => {
      const task = decidedTask(input, decided);
      const bilan = change.workflow.bilan!;
      if (bilan.acceptedOn) return { outcome: 'accepted' };
      const acceptedOn = parisDateOf(new Date(task.decidedAt ?? deps.clock.now()));
      // The service's evaluation: the convention's every indicator, its target against what the bilan reports achieved.
      const evaluation = evaluate(change.workflow.convention?.indicators ?? [], bilan.report?.achieved ?? {});
      const { appreciation } = readDetails('bilan-review', 'accept', task.details);
      change.workflow.bilan = { ...bilan, acceptedOn, evaluation };
      change.record('bilan-accepted', { acceptedOn }, task.decidedBy);
      change.record('bilan-evaluated', { evaluation, exitsByNature: bilan.report?.exitsByNature ?? {}, appreciation }, task.decidedBy);
      return { outcome: 'accepted' };
    })
  ).result;

const closeDossier: Action = async (deps, input) =>
  (
    await act(deps, input, (change) => {
      const d = change.read;
      const status = transition(d, 'close-dossier');
      if (!status) return { outcome: 'closed' };
      const closedOn = today(deps);
      const workflow = change.workflow;
      workflow.closedOn = closedOn;
      const balance = workflow.payments.find((p) => p.milestone === 'bilan-accepted');
      change.setStatus(status).record('dossier-closed', { totalPaidCents: d.amounts.paidCents });
      change.email({
        key: `dossier-closed#${d.id}`,
        kind: 'dossier-closed',
        to: porteurAddress(d),
        params: {
          ...porteurFacts(deps.catalog, d),
          conventionReference: conventionOf(d),
          bilanAcceptedOn: workflow.bilan?.acceptedOn ?? closedOn,
          balanceCents: balance?.cents ?? 0,
          balancePaidOn: balance?.paidOn ?? closedOn,
          totalPaidCents: d.amounts.paidCents,
          closedOn,
          ...(workflow.bilan?.evaluation?.length
            ? { evaluation: workflow.bilan.evaluation.map((row) => ({ label: row.label, target: row.target, achieved: row.achieved })) }
            : {}),
        },
      });
      return { outcome: 'closed' };
    })
  ).result;

/**
 * The bilan was not filed in time: every sum paid is reclaimed (call: « rembourser la totalité des
 * sommes versées »). The convention then owes the porteur nothing more: every obligation still
 * pending is cancelled with it — no annual document falls due, none can be missed.
 */
const demandReimbursement: Action = async (deps, input) => {
  const pending = (await deps.deadlines.listOfDossier(input.dossierId)).filter((x) => x.status === 'pending');
  return (
    await act(deps, input, (change) => {
      const d = change.read;
      const status = transition(d, 'demand-reimbursement');
      if (!status) return { outcome: 'reimbursement-demanded' };
      const amountPaidCents = d.amounts.paidCents;
      const bilan = change.workflow.bilan;
      change.setStatus(status).record('reimbursement-demanded', { amountPaidCents, bilanDueDate: bilan?.dueDate });
      for (const deadline of pending) change.closeDeadline(deadline.id, 'cancelled');
      if (amountPaidCents > 0) {
        change.email({
          key: `reimbursement-demand#${d.id}`,
          kind: 'reimbursement-demand',
          to: porteurAddress(d),
          params: {
            ...porteurFacts(deps.catalog, d),
            conventionReference: conventionOf(d),
            bilanDueDate: bilan?.dueDate ?? today(deps),
            amountPaidCents,
          },
        });
      }
      return { outcome: 'reimbursement-demanded' };
    })
  ).result;
};

export const BILAN_ACTIONS: Record<string, Action> = {
  'open-bilan': openBilan,
  'bilan-received': bilanReceived,
  'request-bilan-complements': requestBilanComplements,
  'accept-bilan': acceptBilan,
  'close-dossier': closeDossier,
  'demand-reimbursement': demandReimbursement,
};

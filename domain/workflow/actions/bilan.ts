/**
 * The bilan phase's actions (workflows/bilan.ts): the bilan is owed by the dispositif's
 * delay after the operation's end; filed, it is reviewed, then the balance is paid and the
 * dossier closed; not filed in time, the reimbursement of every sum paid is prepared, and sent once
 * the service validates it (call, « Suivi et contrôle »; domain/workflow/reimbursement.ts).
 */
import { bilanDueDate } from '#domain/deadlines/index.ts';
import { transition } from '#domain/dossier/lifecycle.ts';
import { evaluate } from '#domain/rules/operation-evaluation.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { deadlineId } from '#domain/ports/records.ts';
import { readDetails } from '../decisions.ts';
import { changeDossier } from '../dossier-change.ts';
import { bilanRef } from '../extensions.ts';
import { porteurAddress, porteurFacts } from '../notify.ts';
import { BILAN_MISSING, delayReimbursement, prepareReimbursement, sendReimbursementDemand } from '../reimbursement.ts';
import { SANCTIONS } from '../sanctions.ts';
import { workflowOf } from '../state.ts';
import { act, decidedTask, today, type Action } from './common.ts';
import { requestComplements } from './complements.ts';
import { conventionOf } from './instruction.ts';
import { DOSSIER_CLOSED } from '#domain/notifications/obligations.ts';

const openBilan: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
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
    },
    call,
  );

const bilanReceived: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change, decided) => {
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
      change.setStatus(status).meet('bilan', bilanRef(change.workflow.bilan));
      const complements = change.workflow.complements;
      if (complements) change.meet('complements', complements.ref);
      change.record('bilan-filed', { filedOn, ...report }, task.decidedBy);
      return { outcome: 'received' };
    },
    call,
  );

const requestBilanComplements: Action = (deps, input, call) =>
  requestComplements(
    deps,
    input,
    { transition: 'request-bilan-complements', timelineType: 'bilan-complements-requested' },
    (details) => readDetails('bilan-review', 'ask-more', details).complements,
    call,
  );

const acceptBilan: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change, decided) => {
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
    },
    call,
  );

/**
 * The bilan accepted and the balance paid: the dossier is closed. It owes nothing more: every
 * obligation still pending (annual documents of later fiscal years) is cancelled with it — none
 * falls due, none can be missed.
 */
const closeDossier: Action = async (deps, input, call) => {
  const pending = (await deps.deadlines.listOfDossier(input.dossierId)).filter((x) => x.status === 'pending');
  return act(
    deps,
    input,
    (change) => {
      const d = change.read;
      const status = transition(d, 'close-dossier');
      if (!status) return { outcome: 'closed' };
      for (const deadline of pending) change.closeDeadline(deadline.id, 'cancelled');
      const closedOn = today(deps);
      const workflow = change.workflow;
      workflow.closedOn = closedOn;
      const balance = workflow.payments.find((p) => p.milestone === 'bilan-accepted');
      change.setStatus(status).record('dossier-closed', { totalPaidCents: d.amounts.paidCents });
      change.email(DOSSIER_CLOSED, {
        key: `dossier-closed#${d.id}`,
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
    },
    call,
  );
};

/**
 * The bilan was not filed by its date: a reimbursement of every sum paid is prepared (what is
 * missing since when, the total paid). Automatic or proposed to the service as data/sanctions.json
 * says; `extended` when the service gave the bilan a later date meanwhile.
 */
const prepareBilanReimbursement: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const bilan = change.workflow.bilan;
      if (bilan?.extendedTo && bilan.extendedTo >= today(deps)) return { outcome: 'extended' };
      prepareReimbursement(
        change,
        {
          id: BILAN_MISSING,
          ground: 'bilan-missing',
          amountCents: change.amounts.paidCents,
          ...(bilan ? { missingSince: bilan.extendedTo ?? bilan.dueDate } : {}),
        },
        today(deps),
      );
      return { outcome: SANCTIONS.reimbursement };
    },
    call,
  );

/** The service grants a delay: the bilan is due on that date, then the demand is proposed again. */
const delayBilanReimbursement: Action = async (deps, input, call) => {
  const deadlines = await deps.deadlines.listOfDossier(input.dossierId);
  return act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const { until, reason } = readDetails('reimbursement-review', 'delay', task.details);
      delayReimbursement(deps, change, BILAN_MISSING, {
        to: until,
        reason,
        actor: task.decidedBy ?? 'system',
        today: today(deps),
        deadlines,
      });
      return { outcome: 'delayed' };
    },
    call,
  );
};

/**
 * The demand is sent — validated by the service, or automatic: every sum paid is reclaimed (call:
 * « rembourser la totalité des sommes versées »). The convention then owes the porteur nothing
 * more: every obligation still pending is cancelled with it — no annual document falls due, none
 * can be missed.
 */
const demandReimbursement: Action = async (deps, input, call) => {
  const read = call?.known ?? (await deps.dossiers.get(input.dossierId));
  const review = read && workflowOf(read).steps['reimbursement-review'];
  const [pending, task] = await Promise.all([
    deps.deadlines.listOfDossier(input.dossierId).then((all) => all.filter((x) => x.status === 'pending')),
    review?.decided && review.taskId ? deps.tasks.get(review.taskId) : undefined,
  ]);
  return changeDossier(
    deps,
    input.dossierId,
    (change) => {
      // The bilan missed before this version prepared nothing: prepared now, as it was then.
      if (!change.workflow.reimbursements.some((r) => r.id === BILAN_MISSING)) {
        const bilan = change.workflow.bilan;
        const proposal = { id: BILAN_MISSING, ground: 'bilan-missing', amountCents: change.amounts.paidCents } as const;
        prepareReimbursement(change, bilan ? { ...proposal, missingSince: bilan.dueDate } : proposal, today(deps));
      }
      sendReimbursementDemand(deps, change, BILAN_MISSING, { actor: task?.decidedBy ?? 'system', today: today(deps), pending });
      return { outcome: 'reimbursement-demanded' };
    },
    read ? { read } : {},
  );
};

/** The bilan's complements were not sent in time: no ground for a reimbursement; the service reviews the bilan as filed. */
const bilanComplementsMissed: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const status = transition(change.read, 'bilan-complements-missed');
      if (!status) return { outcome: 'review-as-filed' };
      const complements = change.workflow.complements;
      if (complements) change.closeDeadline(deadlineId(change.read.id, 'complements', complements.ref), 'missed');
      change.setStatus(status).record('bilan-complements-missed', { dueDate: complements?.dueDate });
      return { outcome: 'review-as-filed' };
    },
    call,
  );

export const BILAN_ACTIONS: Record<string, Action> = {
  'open-bilan': openBilan,
  'bilan-received': bilanReceived,
  'request-bilan-complements': requestBilanComplements,
  'accept-bilan': acceptBilan,
  'close-dossier': closeDossier,
  'prepare-reimbursement': prepareBilanReimbursement,
  'delay-reimbursement': delayBilanReimbursement,
  'demand-reimbursement': demandReimbursement,
  'bilan-complements-missed': bilanComplementsMissed,
};

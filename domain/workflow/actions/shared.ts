/**
 * Actions every phase uses: escalating an overdue task, paying an installment.
 */
import { daysBetween } from '#domain/time/iso-date.ts';
import { roleMailbox } from '../mailboxes.ts';
import { porteurAddress, porteurFacts, taskFacts } from '../notify.ts';
import { installmentCents, installmentLabel } from '../payments.ts';
import { changeDossier } from '../dossier-change.ts';
import { workflowOf } from '../state.ts';
import { stepDefinition } from '../steps.ts';
import { act, readForAction, today, type Action } from './common.ts';
import { conventionOf } from './instruction.ts';
import { PAYMENT_MADE } from '#domain/notifications/convention.ts';
import { TASK_OVERDUE } from '#domain/notifications/tasks.ts';

/**
 * A task passed its due date: it is closed as expired (the step opens a new one, same due date)
 * and the service is told it is overdue. A porteur's overdue task is signalled to the service
 * instructeur of the territory, who follows the dossier.
 */
const escalateOverdueTask: Action = async (deps, input, call) => {
  if (!input.step) throw new Error('escalate-overdue-task needs the step');
  const step = input.step;
  const definition = stepDefinition(step);
  const { dossier: read } = await readForAction(deps, input, call?.known);
  const current = workflowOf(read).steps[step];
  const taskId = current?.taskId;
  // Escalated already (a replay: the step has no current task until it opens a new one), or never opened.
  if (!taskId) return { result: { outcome: current?.escalations ? 'escalated' : 'no-task' }, dossier: read };
  const task = await deps.tasks.get(taskId);
  return changeDossier(
    deps,
    read.id,
    (change) => {
      const s = change.workflow.steps[step];
      if (!s || s.taskId !== taskId) return { outcome: 'no-task' };
      const d = change.read;
      change.closeTask(taskId, 'expired');
      change.workflow.steps[step] = { openedAt: s.openedAt, escalations: s.escalations + 1 };
      change.record('task-overdue', { step, taskId, dueAt: task?.dueAt });
      const role = definition.assignee.role === 'porteur' ? 'service-instructeur' : definition.assignee.role;
      const territory = task?.territory ?? d.territory;
      const mailbox = roleMailbox(
        deps.catalog,
        role,
        territory === 'departement' && role === 'service-instructeur' ? d.territory : territory,
      );
      if (mailbox && task) {
        const facts = taskFacts(deps.catalog, d, { id: taskId, title: definition.title, dueAt: task.dueAt }, mailbox);
        change.email(TASK_OVERDUE, {
          key: `task-overdue#${taskId}`,
          to: [mailbox.email],
          params: { ...facts, daysOverdue: Math.max(1, daysBetween(facts.dueDate, today(deps))) },
        });
      }
      return { outcome: 'escalated' };
    },
    { read },
  );
};

/**
 * Pays the installment of `milestone` (once: a second run finds it paid). While payments are
 * suspended nothing is paid and the outcome says so (noted once per suspension): the bilan phase
 * then holds the balance.
 */
const payInstallment: Action = async (deps, input, call) => {
  const milestone = input.milestone;
  if (!milestone) throw new Error('pay-installment needs a milestone');
  return act(
    deps,
    input,
    (change) => {
      const d = change.read;
      const workflow = change.workflow;
      if (workflow.payments.some((p) => p.milestone === milestone)) return { outcome: 'paid' };
      if (workflow.suspension) {
        change.markAs(`payment-held#${milestone}#${workflow.suspension.since}`).record('payment-held', { milestone });
        return { outcome: 'suspended' };
      }
      const dispositif = deps.catalog.dispositifByCode(d.dispositifCode);
      if (!dispositif) throw new Error(`unknown dispositif ${d.dispositifCode}`);
      const owed = installmentCents(dispositif.paymentSchedule, milestone, d.amounts.grantedCents ?? 0, d.amounts.paidCents);
      if (!owed) throw new Error(`dispositif ${dispositif.code} pays nothing at ${milestone}`);
      const payment = { milestone, label: installmentLabel(milestone, owed.percent), cents: owed.cents, paidOn: today(deps) };
      workflow.payments.push(payment);
      const amounts = { ...d.amounts, paidCents: d.amounts.paidCents + owed.cents };
      change.setAmounts(amounts).record('payment-made', { milestone, cents: payment.cents, paidOn: payment.paidOn });
      change.email(PAYMENT_MADE, {
        key: `payment-made#${d.id}#${milestone}`,
        to: porteurAddress(d),
        params: {
          ...porteurFacts(deps.catalog, d),
          conventionReference: conventionOf(d),
          installmentLabel: payment.label,
          amountCents: payment.cents,
          paidOn: payment.paidOn,
          cumulative: { paidCents: amounts.paidCents, grantedCents: amounts.grantedCents ?? amounts.paidCents },
        },
      });
      return { outcome: 'paid' };
    },
    call,
  );
};

export const SHARED_ACTIONS: Record<string, Action> = {
  'escalate-overdue-task': escalateOverdueTask,
  'pay-installment': payInstallment,
};

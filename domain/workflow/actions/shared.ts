/**
 * Actions every phase uses: escalating an overdue task, paying an installment.
 */
import { daysBetween } from '#domain/time/iso-date.ts';
import { roleMailbox } from '../mailboxes.ts';
import { porteurAddress, porteurFacts, queueEmail, taskFacts } from '../notify.ts';
import { installmentCents, installmentLabel } from '../payments.ts';
import { changeDossier, loadDossier, workflowOf } from '../state.ts';
import { stepDefinition } from '../steps.ts';
import { record, today, type Action } from './common.ts';
import { conventionOf } from './instruction.ts';

/**
 * A task passed its due date: it is closed as expired (the step opens a new one, same due date)
 * and the service is told it is overdue. A porteur's overdue task is signalled to the service
 * instructeur of the territory, who follows the dossier.
 */
const escalateOverdueTask: Action = async (deps, input) => {
  if (!input.step) throw new Error('escalate-overdue-task needs the step');
  const step = input.step;
  const definition = stepDefinition(step);
  const read = await loadDossier(deps.repo, input.dossierId);
  const current = workflowOf(read).steps[step];
  const taskId = current?.taskId;
  if (!taskId) return { outcome: 'no-task' };
  await deps.repo.expireTask(taskId);
  await changeDossier(deps.repo, read.id, (workflow) => {
    const s = workflow.steps[step];
    if (!s || s.taskId !== taskId) return undefined;
    workflow.steps[step] = { openedAt: s.openedAt, escalations: s.escalations + 1 };
    return { workflow };
  });
  const task = await deps.repo.getTask(taskId);
  const role = definition.assignee.role === 'porteur' ? 'service-instructeur' : definition.assignee.role;
  const territory = task?.territory ?? read.territory;
  await record(deps, read.id, 'task-overdue', taskId, { step, taskId, dueAt: task?.dueAt });
  const mailbox = roleMailbox(
    deps.catalog,
    role,
    territory === 'departement' && role === 'service-instructeur' ? read.territory : territory,
  );
  if (mailbox && task) {
    const facts = taskFacts(deps.catalog, read, { id: taskId, title: definition.title, dueAt: task.dueAt }, mailbox);
    await queueEmail(deps.repo, {
      key: `task-overdue#${taskId}`,
      kind: 'task-overdue',
      to: [mailbox.email],
      dossierId: read.id,
      params: { ...facts, daysOverdue: Math.max(1, daysBetween(facts.dueDate, today(deps))) },
    });
  }
  return { outcome: 'escalated' };
};

/**
 * Pays the installment of `milestone` (once: a second run finds it paid). While payments are
 * suspended nothing is paid and the outcome says so: the bilan phase then holds the balance.
 */
const payInstallment: Action = async (deps, input) => {
  const milestone = input.milestone;
  if (!milestone) throw new Error('pay-installment needs a milestone');
  const read = await loadDossier(deps.repo, input.dossierId);
  const dispositif = deps.catalog.dispositifByCode(read.dispositifCode);
  if (!dispositif) throw new Error(`unknown dispositif ${read.dispositifCode}`);
  const paidOn = today(deps);
  let suspended = false;
  const dossier = await changeDossier(deps.repo, read.id, (workflow, d) => {
    suspended = false;
    if (workflow.payments.some((p) => p.milestone === milestone)) return undefined;
    if (workflow.suspension) {
      suspended = true;
      return undefined;
    }
    const owed = installmentCents(dispositif.paymentSchedule, milestone, d.amounts.grantedCents ?? 0, d.amounts.paidCents);
    if (!owed) throw new Error(`dispositif ${dispositif.code} pays nothing at ${milestone}`);
    workflow.payments.push({ milestone, label: installmentLabel(milestone, owed.percent), cents: owed.cents, paidOn });
    return { workflow, amounts: { ...d.amounts, paidCents: d.amounts.paidCents + owed.cents } };
  });
  if (suspended) {
    await record(deps, dossier.id, 'payment-held', `${milestone}#${workflowOf(dossier).suspension?.since}`, { milestone });
    return { outcome: 'suspended' };
  }
  const workflow = workflowOf(dossier);
  const payment = workflow.payments.find((p) => p.milestone === milestone)!;
  await record(deps, dossier.id, 'payment-made', milestone, { milestone, cents: payment.cents, paidOn: payment.paidOn });
  await queueEmail(deps.repo, {
    key: `payment-made#${dossier.id}#${milestone}`,
    kind: 'payment-made',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      conventionReference: conventionOf(dossier),
      installmentLabel: payment.label,
      amountCents: payment.cents,
      paidOn: payment.paidOn,
      cumulative: { paidCents: dossier.amounts.paidCents, grantedCents: dossier.amounts.grantedCents ?? dossier.amounts.paidCents },
    },
  });
  return { outcome: 'paid' };
};

export const SHARED_ACTIONS: Record<string, Action> = {
  'escalate-overdue-task': escalateOverdueTask,
  'pay-installment': payInstallment,
};

/**
 * The daily enforcement (EventBridge Scheduler on AWS, the platform's scheduler locally; Paris
 * time). It reads only what is due, by the due-day index — never a scan of every dossier:
 *  - the reminders of the day (deadline records of kind `reminder`, see domain/workflow/obligations.ts),
 *    each sent once, then closed;
 *  - the obligations whose due day has passed and that are still pending: marked missed, with
 *    their consequence — annual documents ⇒ payments suspended. (Missed complements and a missed
 *    bilan are the workflows' own timeouts: closure as incomplete, reimbursement demand; overdue
 *    instruction tasks are escalated by their callback's timeout the same way.)
 * Each run covers the last `catchUpDays` days too: a day the schedule did not run is caught up
 * the next, and a second run the same day finds nothing pending left to do.
 */
import { fiscalYearEndDate, type MonthDay } from '#domain/deadlines/index.ts';
import { isActive } from '#domain/dossier/lifecycle.ts';
import { DeadlineNotPendingError } from '#domain/ports/errors.ts';
import type { Deadline } from '#domain/ports/records.ts';
import { addDays, daysBetween, type IsoDate } from '#domain/time/iso-date.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { suspendPayments } from '#domain/workflow/annual-documents.ts';
import type { WorkflowDeps } from '#domain/workflow/deps.ts';
import { dossierMds, porteurAddress, porteurFacts, queueEmail } from '#domain/workflow/notify.ts';
import { REMINDER_KIND, type ReminderData } from '#domain/workflow/obligations.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';

export interface EnforcementReport {
  day: IsoDate;
  /** Deadline records read (due items only). */
  read: number;
  remindersSent: number;
  remindersDropped: number;
  missed: number;
  suspended: number;
}

export async function runDailyEnforcement(deps: WorkflowDeps, options: { catchUpDays?: number } = {}): Promise<EnforcementReport> {
  const day = parisDateOf(deps.clock.now());
  const report: EnforcementReport = { day, read: 0, remindersSent: 0, remindersDropped: 0, missed: 0, suspended: 0 };
  const catchUp = options.catchUpDays ?? 7;
  for (let d = addDays(day, -catchUp); d <= day; d = addDays(d, 1)) {
    for (const deadline of await deps.repo.listDueDeadlines(d)) {
      report.read++;
      if (deadline.kind === REMINDER_KIND) await remind(deps, deadline, day, report);
      else if (d < day) await enforce(deps, deadline, report); // an obligation is missed once its whole due day has passed
    }
  }
  return report;
}

async function close(deps: WorkflowDeps, deadline: Deadline, status: 'met' | 'missed' | 'cancelled'): Promise<boolean> {
  try {
    await deps.repo.markDeadline(deadline.id, status);
    return true;
  } catch (error) {
    if (error instanceof DeadlineNotPendingError) return false;
    throw error;
  }
}

async function remind(deps: WorkflowDeps, reminder: Deadline, today: IsoDate, report: EnforcementReport): Promise<void> {
  const data = reminder.data as unknown as ReminderData;
  const dossier = await deps.repo.getDossier(reminder.dossierId);
  const obligation = await deps.repo.getDeadline(`${reminder.dossierId}#${data.obligation}#${data.obligationRef}`);
  // No reminder to a closed or refused dossier, nor of what is already met.
  const stillOwed = dossier && isActive(dossier.status) && obligation?.status !== 'met' && obligation?.status !== 'cancelled';
  if (!stillOwed) {
    if (await close(deps, reminder, 'cancelled')) report.remindersDropped++;
    return;
  }
  await sendReminder(deps, dossier, reminder, data, today);
  if (await close(deps, reminder, 'met')) report.remindersSent++;
}

async function sendReminder(
  deps: WorkflowDeps,
  dossier: DossierRecord,
  reminder: Deadline,
  data: ReminderData,
  today: IsoDate,
): Promise<void> {
  const key = `reminder#${reminder.id}`;
  const common = { key, to: porteurAddress(dossier), dossierId: dossier.id } as const;
  const facts = porteurFacts(deps.catalog, dossier);
  const workflow = workflowOf(dossier);
  switch (data.obligation) {
    case 'bilan':
      if (data.when === 'after') {
        await queueEmail(deps.repo, {
          ...common,
          kind: 'bilan-overdue',
          params: {
            ...facts,
            dueDate: data.dueDate,
            daysOverdue: Math.max(1, daysBetween(data.dueDate, today)),
            amountPaidCents: dossier.amounts.paidCents,
          },
        });
      } else {
        const operationEnd = workflow.operation?.endDate ?? dossier.submission.operation.endDate;
        await queueEmail(deps.repo, {
          ...common,
          kind: 'bilan-reminder',
          params: { ...facts, operationEnd, dueDate: data.dueDate, daysLeft: Math.max(0, daysBetween(today, data.dueDate)) },
        });
      }
      return;
    case 'annual-documents': {
      const dispositif = deps.catalog.dispositifByCode(dossier.dispositifCode)!;
      const fiscalYear = Number(data.obligationRef);
      await queueEmail(deps.repo, {
        ...common,
        kind: 'annual-documents-reminder',
        params: {
          ...facts,
          fiscalYearEnd: fiscalYearEndDate(dossier.submission.porteur.fiscalYearEnd as MonthDay, fiscalYear),
          dueDate: data.dueDate,
          serviceGestionnaire: { name: dispositif.contact.service, email: dispositif.contact.email },
        },
      });
      return;
    }
    case 'participant-list':
      await queueEmail(deps.repo, {
        ...common,
        kind: 'participant-list-notice',
        params: {
          ...facts,
          comiteDate: data.obligationRef,
          dueDate: data.dueDate,
          occasion: 'reminder',
          daysLeft: Math.max(0, daysBetween(today, data.dueDate)),
          mds: dossierMds(deps.catalog, dossier),
        },
      });
      return;
    case 'complements': {
      const complements = workflow.complements;
      if (!complements) return;
      await queueEmail(deps.repo, {
        ...common,
        kind: 'complements-request',
        params: { ...facts, complements: complements.items, dueDate: complements.dueDate, comment: 'Rappel : la date limite approche.' },
      });
      return;
    }
    default:
      return;
  }
}

async function enforce(deps: WorkflowDeps, obligation: Deadline, report: EnforcementReport): Promise<void> {
  if (obligation.kind === 'annual-documents') {
    if (await suspendPayments(deps, obligation.dossierId, Number(obligation.ref))) report.suspended++;
    report.missed++;
    return;
  }
  if (await close(deps, obligation, 'missed')) report.missed++;
}

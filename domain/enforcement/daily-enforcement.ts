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
import { isActive } from '#domain/dossier/lifecycle.ts';
import type { Deadline } from '#domain/ports/records.ts';
import { addDays, daysBetween, type IsoDate } from '#domain/time/iso-date.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { suspendPayments } from '#domain/workflow/annual-documents.ts';
import type { Uses } from '#domain/workflow/deps.ts';
import { changeDossier, type DossierChange } from '#domain/workflow/dossier-change.ts';
import { annualDocumentsFacts, dossierMds, porteurAddress, porteurFacts } from '#domain/workflow/notify.ts';
import { baseRef, REMINDER_KIND, type ReminderData } from '#domain/workflow/obligations.ts';
import { ANNUAL_DOCUMENTS_REMINDER } from '#domain/notifications/obligations.ts';
import { BILAN_OVERDUE } from '#domain/notifications/obligations.ts';
import { BILAN_REMINDER } from '#domain/notifications/obligations.ts';
import { COMPLEMENTS_REQUEST } from '#domain/notifications/instruction.ts';
import { PARTICIPANT_LIST_NOTICE } from '#domain/notifications/participants.ts';

export interface EnforcementReport {
  day: IsoDate;
  /** Deadline records read (due items only). */
  read: number;
  remindersSent: number;
  remindersDropped: number;
  missed: number;
  suspended: number;
}

export type EnforcementDeps = Uses<'deadlines' | 'dossiers' | 'commits'>;

/** The days before today a run covers by default (a day the schedule did not run is caught up). */
export const DEFAULT_CATCH_UP_DAYS = 7;

export async function runDailyEnforcement(deps: EnforcementDeps, options: { catchUpDays?: number } = {}): Promise<EnforcementReport> {
  const day = parisDateOf(deps.clock.now());
  const report: EnforcementReport = { day, read: 0, remindersSent: 0, remindersDropped: 0, missed: 0, suspended: 0 };
  const catchUp = options.catchUpDays ?? DEFAULT_CATCH_UP_DAYS;
  // Oldest first (by due day, then id), the catch-up days' included: one read for the whole window.
  for (const deadline of await deps.deadlines.listDue(addDays(day, -catchUp), day)) {
    report.read++;
    if (deadline.kind === REMINDER_KIND) await remind(deps, deadline, day, report);
    else if (deadline.dueDate < day) await enforce(deps, deadline, report); // an obligation is missed once its whole due day has passed
  }
  return report;
}

/**
 * A reminder of a still-owed obligation is sent, and closed, in one commit under its marker (a
 * second run finds it done); one whose obligation is met, or whose dossier is over, is dropped.
 */
async function remind(deps: EnforcementDeps, reminder: Deadline, today: IsoDate, report: EnforcementReport): Promise<void> {
  const data = reminder.data as unknown as ReminderData;
  const [dossier, obligation] = await Promise.all([
    deps.dossiers.get(reminder.dossierId),
    deps.deadlines.get(`${reminder.dossierId}#${data.obligation}#${data.obligationRef}`),
  ]);
  // No reminder to a closed or refused dossier, nor of what is already met.
  const stillOwed = dossier && isActive(dossier.status) && obligation?.status !== 'met' && obligation?.status !== 'cancelled';
  if (!stillOwed) {
    if (await deps.deadlines.close(reminder.id, 'cancelled')) report.remindersDropped++;
    return;
  }
  const { committed } = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      change.markAs(`reminder#${reminder.id}`).closeDeadline(reminder.id, 'met');
      queueReminder(deps, change, reminder, data, today);
      return undefined;
    },
    { read: dossier },
  );
  if (committed) report.remindersSent++;
}

function queueReminder(deps: EnforcementDeps, change: DossierChange, reminder: Deadline, data: ReminderData, today: IsoDate): void {
  const dossier = change.read;
  const common = { key: `reminder#${reminder.id}`, to: porteurAddress(dossier) } as const;
  const facts = porteurFacts(deps.catalog, dossier);
  const workflow = change.workflow;
  switch (data.obligation) {
    case 'bilan':
      if (data.when === 'after') {
        change.email(BILAN_OVERDUE, {
          ...common,
          params: {
            ...facts,
            dueDate: data.dueDate,
            daysOverdue: Math.max(1, daysBetween(data.dueDate, today)),
            amountPaidCents: dossier.amounts.paidCents,
          },
        });
      } else {
        const operationEnd = workflow.operation?.endDate ?? dossier.profile.operation.endDate;
        change.email(BILAN_REMINDER, {
          ...common,
          params: { ...facts, operationEnd, dueDate: data.dueDate, daysLeft: Math.max(0, daysBetween(today, data.dueDate)) },
        });
      }
      return;
    case 'annual-documents': {
      change.email(ANNUAL_DOCUMENTS_REMINDER, {
        ...common,
        params: annualDocumentsFacts(deps.catalog, dossier, Number(baseRef(data.obligationRef)), data.dueDate),
      });
      return;
    }
    case 'participant-list':
      change.email(PARTICIPANT_LIST_NOTICE, {
        ...common,
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
      change.email(COMPLEMENTS_REQUEST, {
        ...common,
        params: { ...facts, complements: complements.items, dueDate: complements.dueDate, comment: 'Rappel : la date limite approche.' },
      });
      return;
    }
    default:
      return;
  }
}

async function enforce(deps: EnforcementDeps, obligation: Deadline, report: EnforcementReport): Promise<void> {
  if (obligation.kind === 'annual-documents') {
    if (await suspendPayments(deps, obligation.dossierId, Number(baseRef(obligation.ref)))) report.suspended++;
    report.missed++;
    return;
  }
  if (await deps.deadlines.close(obligation.id, 'missed')) report.missed++;
}

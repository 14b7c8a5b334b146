/**
 * The porteur's dated obligations (participant list, annual documents, bilan, complements), as
 * deadline records the daily enforcement reads by day (never a scan): the obligation itself, due
 * on its day, and one `reminder` record per reminder day of its kind (data/deadline-kinds.json).
 * Scheduling twice is a no-op (deterministic ids).
 */
import { remindersFor, type DeadlineKindName } from '#domain/deadlines/index.ts';
import { DeadlineNotPendingError } from '#domain/ports/errors.ts';
import type { DeadlineRepository } from '#domain/ports/repositories.ts';
import type { IsoDate } from '#domain/time/iso-date.ts';

/** The deadline kind of a reminder record; its `data` says of which obligation. */
export const REMINDER_KIND = 'reminder';

export interface ReminderData {
  obligation: DeadlineKindName;
  obligationRef: string;
  dueDate: IsoDate;
  when: 'before' | 'after';
  days: number;
}

export async function scheduleObligation(
  deadlines: DeadlineRepository,
  obligation: {
    dossierId: string;
    kind: DeadlineKindName;
    ref: string;
    dueDate: IsoDate;
    notBefore?: IsoDate;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await deadlines.putDeadline({
    dossierId: obligation.dossierId,
    kind: obligation.kind,
    ref: obligation.ref,
    dueDate: obligation.dueDate,
    data: obligation.data ?? {},
  });
  const reminders = remindersFor(obligation.kind, obligation.dueDate, obligation.notBefore ? { notBefore: obligation.notBefore } : {});
  for (const reminder of reminders) {
    const data: ReminderData = {
      obligation: obligation.kind,
      obligationRef: obligation.ref,
      dueDate: obligation.dueDate,
      when: reminder.when,
      days: reminder.days,
    };
    await deadlines.putDeadline({
      dossierId: obligation.dossierId,
      kind: REMINDER_KIND,
      ref: `${obligation.kind}:${obligation.ref}:${reminder.key}`,
      dueDate: reminder.on,
      data: { ...data },
    });
  }
}

/** Closes an obligation as met (and its reminders still pending as cancelled); already closed is a no-op. */
export async function meetObligation(deadlines: DeadlineRepository, dossierId: string, kind: DeadlineKindName, ref: string): Promise<void> {
  for (const deadline of await deadlines.listDeadlinesOfDossier(dossierId)) {
    if (deadline.status !== 'pending') continue;
    const isObligation = deadline.kind === kind && deadline.ref === ref;
    const isItsReminder = deadline.kind === REMINDER_KIND && deadline.ref.startsWith(`${kind}:${ref}:`) && deadline.data.when === 'before';
    if (!isObligation && !isItsReminder) continue;
    try {
      await deadlines.markDeadline(deadline.id, isObligation ? 'met' : 'cancelled');
    } catch (error) {
      if (!(error instanceof DeadlineNotPendingError)) throw error;
    }
  }
}

/**
 * Cancels every obligation of the dossier still pending, with their reminders: once the
 * reimbursement of every sum paid is demanded, the convention owes the porteur nothing more —
 * no annual document falls due, none can be missed.
 */
export async function cancelPendingObligations(deadlines: DeadlineRepository, dossierId: string): Promise<void> {
  for (const deadline of await deadlines.listDeadlinesOfDossier(dossierId)) {
    if (deadline.status !== 'pending') continue;
    try {
      await deadlines.markDeadline(deadline.id, 'cancelled');
    } catch (error) {
      if (!(error instanceof DeadlineNotPendingError)) throw error;
    }
  }
}

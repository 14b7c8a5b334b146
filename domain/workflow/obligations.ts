/**
 * The porteur's dated obligations (participant list, annual documents, bilan, complements), as
 * deadline records the daily enforcement reads by day (never a scan): the obligation itself, due
 * on its day, and one `reminder` record per reminder day of its kind (data/deadline-kinds.json).
 * Their ids are deterministic: scheduling twice writes nothing new.
 */
import { remindersFor, type DeadlineKindName } from '#domain/deadlines/index.ts';
import type { NewDeadline } from '#domain/ports/records.ts';
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

export interface Obligation {
  kind: DeadlineKindName;
  ref: string;
  dueDate: IsoDate;
  /** Reminders that would fall before this day are not planned. */
  notBefore?: IsoDate;
  data?: Record<string, unknown>;
}

/** The deadline records of an obligation: itself and its reminders. */
export function obligationDeadlines(dossierId: string, obligation: Obligation): NewDeadline[] {
  const deadlines: NewDeadline[] = [
    { dossierId, kind: obligation.kind, ref: obligation.ref, dueDate: obligation.dueDate, data: obligation.data ?? {} },
  ];
  const reminders = remindersFor(obligation.kind, obligation.dueDate, obligation.notBefore ? { notBefore: obligation.notBefore } : {});
  for (const reminder of reminders) {
    const data: ReminderData = {
      obligation: obligation.kind,
      obligationRef: obligation.ref,
      dueDate: obligation.dueDate,
      when: reminder.when,
      days: reminder.days,
    };
    deadlines.push({
      dossierId,
      kind: REMINDER_KIND,
      ref: `${obligation.kind}:${obligation.ref}:${reminder.key}`,
      dueDate: reminder.on,
      data: { ...data },
    });
  }
  return deadlines;
}

/**
 * The porteur's dated obligations (participant list, annual documents, bilan, complements), as
 * deadline records the daily enforcement reads by day (never a scan): the obligation itself, due
 * on its day, and one `reminder` record per reminder day of its kind (data/deadline-kinds.json).
 * Their ids are deterministic: scheduling twice writes nothing new.
 */
import { remindersFor, type DeadlineKindName } from '#domain/deadlines/index.ts';
import type { Deadline, NewDeadline } from '#domain/ports/records.ts';
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

/**
 * An obligation moved to a later date (an extension the service granted): its records are new,
 * under `<ref>@<new date>`, the earlier ones cancelled — a deadline record's day is its index key.
 */
export function movedRef(ref: string, dueDate: IsoDate): string {
  return `${baseRef(ref)}@${dueDate}`;
}

/** The obligation's own ref (a fiscal year, `final`…), whatever date it was moved to. */
export function baseRef(ref: string): string {
  return ref.split('@')[0] as string;
}

/** The pending records of an obligation — itself and its reminders — among a dossier's deadlines. */
export function pendingRecordsOf(deadlines: readonly Deadline[], kind: DeadlineKindName, ref: string): Deadline[] {
  return deadlines.filter((d) => {
    if (d.status !== 'pending') return false;
    if (d.kind === kind) return d.ref === ref;
    const data = d.data as Partial<ReminderData>;
    return d.kind === REMINDER_KIND && data.obligation === kind && data.obligationRef === ref;
  });
}

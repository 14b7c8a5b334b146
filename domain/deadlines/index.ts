/** The deadline calculus: one import for the workflows' planning functions. See README.md. */
export { DEADLINE_KIND_NAMES, DEADLINE_KINDS, REMINDER_ROLL, deadlineKind, parseDeadlineKinds } from './deadline-kinds.ts';
export type {
  DeadlineKind,
  DeadlineKindName,
  DeadlineKinds,
  DeadlineOffset,
  MonthCounting,
  ReminderOffset,
  ReminderRoll,
} from './deadline-kinds.ts';
export { dueDate, dueDateFor, offsetAmount, rawDueDate } from './due-date.ts';
export { participantListDueDate } from './participant-list.ts';
export { annualDocumentsDueDate, fiscalYearEndDate, isMonthDay, monthDaySchema, type MonthDay } from './annual-documents.ts';
export { bilanDueDate } from './bilan.ts';
export { complementsDueDate } from './complements.ts';
export { instructionTaskDueDate } from './instruction-task.ts';
export { filingInvitationExpiresOn } from './filing-invitation.ts';
export { checkExpensePayment, latestExpensePaymentDate, type ExpensePaymentCheck } from './expenses-paid-by.ts';
export { remindersFor, remindersOf, type Reminder, type ReminderOptions } from './reminders.ts';
export { dueInstant, isPastDue, secondsUntil } from './due-instant.ts';

/**
 * The kinds of deadline a dossier carries, as data (data/deadline-kinds.json), checked
 * (checked-deadline-kinds.ts against deadline-kinds-schema.ts).
 */
import { CHECKED_DEADLINE_KINDS } from './checked-deadline-kinds.ts';
import type { DeadlineKind, DeadlineKindName, DeadlineKinds, ReminderRoll } from './deadline-kinds-schema.ts';

export {
  MONTH_COUNTINGS,
  parseDeadlineKinds,
  type DeadlineKind,
  type DeadlineKindName,
  type DeadlineKinds,
  type DeadlineOffset,
  type MonthCounting,
  type ReminderOffset,
  type ReminderRoll,
} from './deadline-kinds-schema.ts';

export const DEADLINE_KINDS: Readonly<DeadlineKinds['kinds']> = CHECKED_DEADLINE_KINDS.kinds;
export const REMINDER_ROLL: Readonly<ReminderRoll> = CHECKED_DEADLINE_KINDS.reminderRoll;
/** Every kind's name, in the file's (and the schema's) order. */
export const DEADLINE_KIND_NAMES = Object.keys(DEADLINE_KINDS) as DeadlineKindName[];

export function deadlineKind(name: DeadlineKindName): DeadlineKind {
  const kind = DEADLINE_KINDS[name];
  if (!kind) throw new Error(`unknown deadline kind: ${String(name)}`);
  return kind;
}

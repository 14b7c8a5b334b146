/**
 * The schema of data/deadline-kinds.json: the kinds of deadline a dossier carries. Each kind says
 * what it counts from (its anchor), by how much (its offset), what happens when it falls on a
 * weekend or a public holiday, and when its debtor is reminded. domain/deadlines/README.md
 * explains each choice and default. The file is read against it once (checked-deadline-kinds.ts);
 * the kinds are used through deadline-kinds.ts.
 */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import * as z from 'zod/mini';
import { NON_WORKING_DAY_POLICIES } from '#domain/time/working-days.ts';

/** How a deadline "N months after day D" is counted. */
export const MONTH_COUNTINGS = [
  /** Same day of the month as D, or the month's last day if it has none (CPC art. 641). */
  'same-day',
  /**
   * Same day of the month, except that a D on a month's last day gives the target month's last
   * day: the N whole months that follow a period ending on D ("dans les 6 mois suivant la fin de
   * l'exercice": 30 June + 6 months = 31 December, where same-day would give 30 December).
   */
  'keep-month-end',
] as const;
export type MonthCounting = (typeof MONTH_COUNTINGS)[number];

const offsetSchema = z
  .strictObject({
    direction: z.enum(['before', 'after']),
    unit: z.enum(['days', 'months']),
    /** A whole number, or "given": the caller supplies it (see givenBy). */
    amount: z.union([z.number().check(z.int(), z.nonnegative()), z.literal('given')]),
    /** Where a "given" amount comes from. */
    givenBy: z.optional(z.string().check(z.minLength(1))),
    monthCounting: z.optional(z.enum(MONTH_COUNTINGS)),
  })
  .check(
    z.superRefine((o, ctx) => {
      if ((o.amount === 'given') !== (o.givenBy !== undefined)) {
        ctx.addIssue({ code: 'custom', message: 'givenBy is required with amount "given", and only then' });
      }
      if ((o.unit === 'months') !== (o.monthCounting !== undefined)) {
        ctx.addIssue({ code: 'custom', message: 'monthCounting is required for an offset in months, and only then' });
      }
      if (o.direction === 'before' && o.monthCounting === 'keep-month-end') {
        ctx.addIssue({ code: 'custom', message: 'keep-month-end counts forward from a period end: not for "before"' });
      }
    }),
  );

const reminderSchema = z
  .strictObject({
    when: z.enum(['before', 'after']),
    /** Calendar days from the due date; 0 before = on the due date itself. */
    days: z.number().check(z.int(), z.nonnegative(), z.lte(366)),
  })
  .check(z.refine((r) => r.when === 'before' || r.days >= 1, { message: 'a reminder after the due date is at least 1 day after' }));

const ANCHORS = {
  'participant-list': 'comite-date',
  'annual-documents': 'fiscal-year-end',
  bilan: 'operation-end',
  'expenses-paid-by': 'bilan-filed',
  complements: 'complements-requested',
  'instruction-task': 'task-opened',
  'filing-invitation': 'invitation-opened',
} as const;

export type DeadlineKindName = keyof typeof ANCHORS;

function kindSchema<A extends string>(anchor: A) {
  return z
    .strictObject({
      $comment: z.optional(z.string()),
      /** What is owed, in French (emails, inbox). */
      title: z.string().check(z.minLength(1)),
      owedBy: z.enum(['porteur', 'departement']),
      anchor: z.literal(anchor),
      offset: offsetSchema,
      onNonWorkingDay: z.enum(NON_WORKING_DAY_POLICIES),
      reminders: z.array(reminderSchema),
      /** The call's words this kind comes from, or why it is a default. */
      source: z.string().check(z.minLength(1)),
    })
    .check(
      z.superRefine((k, ctx) => {
        // A deadline counted backwards from an event must not move later than the raw date.
        if (k.offset.direction === 'before' && k.onNonWorkingDay === 'next-working-day') {
          ctx.addIssue({ code: 'custom', message: 'a deadline counted before an event cannot move to the next working day' });
        }
        const keys = k.reminders.map((r) => `${r.when}-${r.days}`);
        if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: 'duplicate reminder' });
      }),
    );
}

const fileSchema = z.strictObject({
  $comment: z.optional(z.string()),
  reminderRoll: z.strictObject({
    $comment: z.optional(z.string()),
    before: z.enum(['keep', 'previous-working-day']),
    after: z.enum(['keep', 'next-working-day']),
  }),
  kinds: z.strictObject({
    'participant-list': kindSchema(ANCHORS['participant-list']),
    'annual-documents': kindSchema(ANCHORS['annual-documents']),
    bilan: kindSchema(ANCHORS.bilan),
    'expenses-paid-by': kindSchema(ANCHORS['expenses-paid-by']),
    complements: kindSchema(ANCHORS.complements),
    'instruction-task': kindSchema(ANCHORS['instruction-task']),
    'filing-invitation': kindSchema(ANCHORS['filing-invitation']),
  }),
});

export type DeadlineKinds = z.infer<typeof fileSchema>;
export type DeadlineKind = DeadlineKinds['kinds'][DeadlineKindName];
export type DeadlineOffset = z.infer<typeof offsetSchema>;
export type ReminderOffset = z.infer<typeof reminderSchema>;
export type ReminderRoll = DeadlineKinds['reminderRoll'];

/** Validates a deadline-kinds document; throws with every problem listed. */
export function parseDeadlineKinds(input: unknown, origin = 'data/deadline-kinds.json'): DeadlineKinds {
  const parsed = fileSchema.safeParse(input, PARSE_ONCE);
  if (!parsed.success) throw new Error(`${origin} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

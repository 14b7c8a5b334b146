import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import raw from '#data/deadline-kinds.json' with { type: 'json' };
import { addDays, addMonths, compareDates, daysBetween, isLastDayOfMonth } from '#domain/time/iso-date.ts';
import { isWorkingDay, nextWorkingDayOnOrAfter, previousWorkingDayOnOrBefore } from '#domain/time/working-days.ts';
import { parseDeadlineKinds } from '#domain/deadlines/deadline-kinds.ts';
import { dueDate, dueDateFor, rawDueDate } from '#domain/deadlines/due-date.ts';
import { participantListDueDate } from '#domain/deadlines/participant-list.ts';
import { annualDocumentsDueDate, fiscalYearEndDate, isMonthDay, monthDaySchema } from '#domain/deadlines/annual-documents.ts';
import { bilanDueDate } from '#domain/deadlines/bilan.ts';
import { complementsDueDate } from '#domain/deadlines/complements.ts';
import { instructionTaskDueDate } from '#domain/deadlines/instruction-task.ts';
import { STEPS } from '#domain/workflow/steps.ts';
import { edgyDate, holidayEdgeDate, monthEndDate } from '../time/arbitraries.ts';

const dates = fc.oneof(edgyDate, holidayEdgeDate, monthEndDate);

describe('participant list: 8 days before the comité', () => {
  it('is 8 calendar days before, brought forward off a weekend or holiday', () => {
    expect(participantListDueDate('2026-06-18')).toBe('2026-06-10'); // Thu → Wed
    expect(participantListDueDate('2026-06-22')).toBe('2026-06-12'); // Mon → Sun 14 → Fri 12
    expect(participantListDueDate('2026-05-18')).toBe('2026-05-07'); // → Sun 10, Sat 9, Fri 8 May (holiday) → Thu 7
    expect(participantListDueDate('2027-01-09')).toBe('2026-12-31'); // → Fri 1 Jan (holiday) → Thu 31 Dec
  });

  it('is a working day at least 8 days before the comité, the latest such (property)', () => {
    fc.assert(
      fc.property(dates, (comite) => {
        const due = participantListDueDate(comite);
        expect(isWorkingDay(due)).toBe(true);
        expect(daysBetween(due, comite)).toBeGreaterThanOrEqual(8);
        for (let d = addDays(due, 1); compareDates(d, addDays(comite, -8)) <= 0; d = addDays(d, 1)) {
          expect(isWorkingDay(d)).toBe(false);
        }
      }),
    );
  });
});

describe('annual documents: within the 6 months following the fiscal year end', () => {
  it('reads fiscal year ends as MM-DD of the year they end in', () => {
    expect(fiscalYearEndDate('12-31', 2026)).toBe('2026-12-31');
    expect(fiscalYearEndDate('06-30', 2026)).toBe('2026-06-30');
    expect(fiscalYearEndDate('02-29', 2027)).toBe('2027-02-28');
    expect(fiscalYearEndDate('02-29', 2028)).toBe('2028-02-29');
    for (const bad of ['2-28', '13-01', '04-31', '00-10', '12-31 ', '2026-12-31']) {
      expect(isMonthDay(bad), bad).toBe(false);
      expect(() => fiscalYearEndDate(bad, 2026), bad).toThrow(RangeError);
    }
    expect(monthDaySchema.safeParse('09-30').success).toBe(true);
    expect(() => fiscalYearEndDate('12-31', 2026.5)).toThrow(RangeError);
  });

  it('gives the last day of the 6 whole months that follow, moved to the next working day', () => {
    expect(annualDocumentsDueDate('12-31', 2026)).toBe('2027-06-30'); // Wed
    expect(annualDocumentsDueDate('06-30', 2026)).toBe('2026-12-31'); // Thu: the 6 months Jul–Dec
    expect(annualDocumentsDueDate('12-31', 2025)).toBe('2026-06-30'); // Tue
    expect(annualDocumentsDueDate('09-30', 2026)).toBe('2027-03-31'); // Wed
    expect(annualDocumentsDueDate('08-31', 2027)).toBe('2028-02-29'); // leap year, Tue
    expect(annualDocumentsDueDate('02-29', 2027)).toBe('2027-08-31'); // FY ending 28 Feb → end of August, Tue
    expect(annualDocumentsDueDate('12-31', 2027)).toBe('2028-06-30'); // Fri
    expect(annualDocumentsDueDate('12-31', 2030)).toBe('2031-06-30'); // Mon
    expect(annualDocumentsDueDate('03-31', 2027)).toBe('2027-09-30'); // Thu
    expect(annualDocumentsDueDate('12-31', 2028)).toBe('2029-07-02'); // Sat 30 June → Mon 2 July
  });

  it('never earlier than 6 months after the fiscal year end, always a working day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1990, max: 2100 }), (m, d, y) => {
        const mmdd = `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        fc.pre(isMonthDay(mmdd));
        const end = fiscalYearEndDate(mmdd, y);
        const due = annualDocumentsDueDate(mmdd, y);
        expect(isWorkingDay(due)).toBe(true);
        expect(compareDates(due, addMonths(end, 6))).toBeGreaterThanOrEqual(0);
        if (isLastDayOfMonth(end)) {
          expect(due).toBe(nextWorkingDayOnOrAfter(addDays(addMonths(addDays(end, 1), 6), -1)));
        }
      }),
    );
  });
});

describe('bilan: after the operation end by the dispositif’s delay', () => {
  it('counts months from the operation end, moved to the next working day', () => {
    expect(bilanDueDate('2027-12-31', 6)).toBe('2028-06-30'); // Fri
    expect(bilanDueDate('2027-12-31', 3)).toBe('2028-03-31'); // Fri
    expect(bilanDueDate('2027-12-31', 2)).toBe('2028-02-29'); // leap day, Tue
    expect(bilanDueDate('2026-12-31', 2)).toBe('2027-03-01'); // 28 Feb 2027 is a Sunday
    expect(bilanDueDate('2026-06-30', 2)).toBe('2026-08-31'); // a month end stays a month end, Mon
    expect(bilanDueDate('2026-06-15', 1)).toBe('2026-07-15'); // Wed
    expect(bilanDueDate('2026-06-14', 1)).toBe('2026-07-15'); // 14 Jul → Wed 15
    expect(bilanDueDate('2027-12-31', 0)).toBe('2027-12-31');
  });

  it('needs the dispositif’s delay as a whole number of months', () => {
    expect(() => dueDate('bilan', '2027-12-31')).toThrow(/bilanDelayMonths/);
    expect(() => bilanDueDate('2027-12-31', -1)).toThrow(RangeError);
    expect(() => bilanDueDate('2027-12-31', 1.5)).toThrow(RangeError);
  });

  it('is a working day on or after the raw date, in its month or just after (property)', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 24 }), (end, months) => {
        const raw = rawDueDate({ direction: 'after', unit: 'months', amount: months, monthCounting: 'keep-month-end' }, end);
        const due = bilanDueDate(end, months);
        expect(isWorkingDay(due)).toBe(true);
        expect(due).toBe(nextWorkingDayOnOrAfter(raw));
        expect(raw.slice(0, 7)).toBe(addMonths(end, months).slice(0, 7));
        expect(daysBetween(raw, due)).toBeLessThanOrEqual(4);
      }),
    );
  });
});

describe('complements: the default delay of the data', () => {
  const days = raw.kinds.complements.offset.amount as number;

  it('is the data’s days after the request (the request day not counted), moved to the next working day', () => {
    expect(days).toBe(15);
    expect(complementsDueDate('2026-03-02')).toBe('2026-03-17'); // Mon → Tue
    expect(complementsDueDate('2026-04-23')).toBe('2026-05-11'); // raw Fri 8 May (holiday), then the weekend → Mon 11
    expect(complementsDueDate('2026-12-10')).toBe('2026-12-28'); // Fri 25 Dec → Mon 28
  });

  it('gives the porteur at least the data’s days, and a working day (property)', () => {
    fc.assert(
      fc.property(dates, (requested) => {
        const due = complementsDueDate(requested);
        expect(isWorkingDay(due)).toBe(true);
        expect(due).toBe(nextWorkingDayOnOrAfter(addDays(requested, days)));
      }),
    );
  });

  it('has a fixed amount: none may be given', () => {
    expect(() => dueDate('complements', '2026-03-02', 30)).toThrow(/fixed amount/);
  });
});

describe('instruction tasks: the step’s days after opening', () => {
  it('ends on a working day', () => {
    expect(instructionTaskDueDate('2026-04-20', 15)).toBe('2026-05-05');
    expect(instructionTaskDueDate('2026-04-29', 15)).toBe('2026-05-15'); // raw Thu 14 May, Ascension → Fri 15
    expect(instructionTaskDueDate('2026-12-10', 15)).toBe('2026-12-28');
    expect(() => dueDate('instruction-task', '2026-04-20')).toThrow(/workflow-steps/);
  });

  it('works with every step duration of data/workflow-steps.json (property)', () => {
    const durations = Object.values(STEPS).flatMap((s) => (s.due.basis === 'days-after-opening' ? [s.due.days] : []));
    expect(durations.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(dates, fc.constantFrom(...durations), (opened, days) => {
        const due = instructionTaskDueDate(opened, days);
        expect(isWorkingDay(due)).toBe(true);
        expect(due).toBe(nextWorkingDayOnOrAfter(addDays(opened, days)));
      }),
    );
  });
});

describe('the generic calculus', () => {
  it('follows each policy of a kind given as data', () => {
    const kinds = parseDeadlineKinds(raw).kinds;
    const keep = { ...kinds.complements, onNonWorkingDay: 'keep' as const };
    const previous = { ...kinds.complements, onNonWorkingDay: 'previous-working-day' as const };
    expect(dueDateFor(keep, '2026-12-10')).toBe('2026-12-25');
    expect(dueDateFor(previous, '2026-12-10')).toBe('2026-12-24');
    const sameDay = { ...kinds['annual-documents'], offset: { ...kinds['annual-documents'].offset, monthCounting: 'same-day' as const } };
    expect(dueDateFor(sameDay, '2026-06-30')).toBe('2026-12-30');
  });

  it('moves dates by the policy: next never earlier, previous never later (property)', () => {
    const kinds = parseDeadlineKinds(raw).kinds;
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 60 }), fc.constantFrom('before' as const, 'after' as const), (anchor, n, direction) => {
        const offset = { direction, unit: 'days' as const, amount: n };
        const raw = rawDueDate(offset, anchor);
        const next = dueDateFor({ ...kinds.complements, offset, onNonWorkingDay: 'next-working-day' }, anchor);
        const previous = dueDateFor({ ...kinds.complements, offset, onNonWorkingDay: 'previous-working-day' }, anchor);
        expect(next).toBe(nextWorkingDayOnOrAfter(raw));
        expect(previous).toBe(previousWorkingDayOnOrBefore(raw));
        expect(compareDates(previous, raw)).toBeLessThanOrEqual(0);
        expect(compareDates(next, raw)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

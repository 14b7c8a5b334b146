import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import raw from '#data/deadline-kinds.json' with { type: 'json' };
import { addDays, compareDates } from '#domain/time/iso-date.ts';
import { isWorkingDay } from '#domain/time/working-days.ts';
import { DEADLINE_KIND_NAMES, parseDeadlineKinds } from '#domain/deadlines/deadline-kinds.ts';
import { remindersFor, remindersOf } from '#domain/deadlines/reminders.ts';
import { bilanDueDate } from '#domain/deadlines/bilan.ts';
import { participantListDueDate } from '#domain/deadlines/participant-list.ts';
import { annualDocumentsDueDate } from '#domain/deadlines/annual-documents.ts';
import { edgyDate, holidayEdgeDate } from '../time/arbitraries.ts';

describe('reminders', () => {
  it('bilan: 30 and 7 days before, 1 day after, on working days', () => {
    const due = bilanDueDate('2027-12-31', 6); // Fri 30 June 2028
    expect(remindersFor('bilan', due)).toEqual([
      { on: '2028-05-31', when: 'before', days: 30, key: 'before-30' },
      { on: '2028-06-23', when: 'before', days: 7, key: 'before-7' },
      { on: '2028-07-03', when: 'after', days: 1, key: 'after-1' }, // Sat 1 July → Mon 3
    ]);
  });

  it('annual documents: 30 days before, brought forward off a weekend', () => {
    const due = annualDocumentsDueDate('12-31', 2026); // Wed 30 June 2027
    expect(remindersFor('annual-documents', due)).toEqual([{ on: '2027-05-31', when: 'before', days: 30, key: 'before-30' }]);
    // 30 days before Tue 30 June 2026 is Sun 31 May → Fri 29 May
    expect(remindersFor('annual-documents', '2026-06-30').map((r) => r.on)).toEqual(['2026-05-29']);
  });

  it('participant list: a week before and on the due day', () => {
    const due = participantListDueDate('2026-06-22'); // Fri 12 June
    expect(remindersFor('participant-list', due).map((r) => [r.key, r.on])).toEqual([
      ['before-7', '2026-06-05'],
      ['before-0', '2026-06-12'],
    ]);
  });

  it('drops reminders before a given day (a comité recorded late)', () => {
    const due = participantListDueDate('2026-06-22');
    expect(remindersFor('participant-list', due, { notBefore: '2026-06-08' }).map((r) => r.key)).toEqual(['before-0']);
    expect(remindersFor('expenses-paid-by', '2028-06-30')).toEqual([]);
  });

  it('keeps one reminder a day, the strongest warning', () => {
    const kinds = parseDeadlineKinds(raw).kinds;
    const crowded = {
      ...kinds.bilan,
      reminders: [
        { when: 'before' as const, days: 1 },
        { when: 'before' as const, days: 3 },
      ],
    };
    // due Tue 19 May 2026: 1 day before is Mon 18; 3 days before is Sat 16 → Fri 15
    expect(remindersOf(crowded, '2026-05-19').map((r) => r.key)).toEqual(['before-3', 'before-1']);
    // due Mon 18 May 2026: 1 and 3 days before are Sun 17 and Fri 15 → both Fri 15: one reminder, before-3
    expect(remindersOf(crowded, '2026-05-18')).toEqual([{ on: '2026-05-15', when: 'before', days: 3, key: 'before-3' }]);
  });

  it('falls on working days, before ones on or before the due date, after ones after it, in order (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEADLINE_KIND_NAMES), fc.oneof(edgyDate, holidayEdgeDate), (name, due) => {
        const reminders = remindersFor(name, due);
        for (const r of reminders) {
          expect(isWorkingDay(r.on)).toBe(true);
          if (r.when === 'before') expect(compareDates(r.on, addDays(due, -r.days))).toBeLessThanOrEqual(0);
          else expect(compareDates(r.on, addDays(due, r.days))).toBeGreaterThanOrEqual(0);
          expect(compareDates(r.on, due)).toBe(r.when === 'before' ? (r.days === 0 && isWorkingDay(due) ? 0 : -1) : 1);
        }
        const days = reminders.map((r) => r.on);
        expect([...new Set(days)].sort()).toEqual(days);
      }),
    );
  });
});

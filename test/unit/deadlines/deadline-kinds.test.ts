import { describe, expect, it } from 'vitest';
import raw from '#data/deadline-kinds.json' with { type: 'json' };
import { DEADLINE_KIND_NAMES, DEADLINE_KINDS, deadlineKind, parseDeadlineKinds, REMINDER_ROLL } from '#domain/deadlines/deadline-kinds.ts';

const clone = (): any => structuredClone(raw);

describe('data/deadline-kinds.json', () => {
  it('loads every kind with its anchor', () => {
    expect(Object.keys(DEADLINE_KINDS).sort()).toEqual([...DEADLINE_KIND_NAMES].sort());
    expect(deadlineKind('participant-list')).toMatchObject({
      anchor: 'comite-date',
      owedBy: 'porteur',
      onNonWorkingDay: 'previous-working-day',
      offset: { direction: 'before', unit: 'days', amount: 8 },
    });
    expect(deadlineKind('annual-documents').offset).toMatchObject({ direction: 'after', unit: 'months', amount: 6 });
    expect(deadlineKind('bilan').offset.amount).toBe('given');
    expect(deadlineKind('instruction-task').owedBy).toBe('departement');
    expect(REMINDER_ROLL).toMatchObject({ before: 'previous-working-day', after: 'next-working-day' });
  });

  it('gives every deadline owed by the porteur a French title and a source', () => {
    for (const name of DEADLINE_KIND_NAMES) {
      const kind = deadlineKind(name);
      expect(kind.title.length, name).toBeGreaterThan(10);
      expect(kind.source.length, name).toBeGreaterThan(10);
    }
  });

  it('rejects a missing kind, an unknown field, a wrong anchor', () => {
    const missing = clone();
    delete missing.kinds.bilan;
    expect(() => parseDeadlineKinds(missing)).toThrow(/bilan/);
    const extra = clone();
    extra.kinds.complements.offest = { days: 3 };
    expect(() => parseDeadlineKinds(extra)).toThrow(/offest/);
    const anchor = clone();
    anchor.kinds['participant-list'].anchor = 'operation-end';
    expect(() => parseDeadlineKinds(anchor)).toThrow(/anchor/);
    const unknownKind = clone();
    unknownKind.kinds['payment-date'] = unknownKind.kinds.complements;
    expect(() => parseDeadlineKinds(unknownKind)).toThrow(/payment-date/);
  });

  it('rejects incoherent offsets', () => {
    const given = clone();
    delete given.kinds.bilan.offset.givenBy;
    expect(() => parseDeadlineKinds(given)).toThrow(/givenBy/);
    const counting = clone();
    delete counting.kinds['annual-documents'].offset.monthCounting;
    expect(() => parseDeadlineKinds(counting)).toThrow(/monthCounting/);
    const daysCounting = clone();
    daysCounting.kinds.complements.offset.monthCounting = 'same-day';
    expect(() => parseDeadlineKinds(daysCounting)).toThrow(/monthCounting/);
    const negative = clone();
    negative.kinds.complements.offset.amount = -15;
    expect(() => parseDeadlineKinds(negative)).toThrow();
    const fractional = clone();
    fractional.kinds.complements.offset.amount = 7.5;
    expect(() => parseDeadlineKinds(fractional)).toThrow();
  });

  it('refuses to move a deadline counted before an event to a later day', () => {
    const later = clone();
    later.kinds['participant-list'].onNonWorkingDay = 'next-working-day';
    expect(() => parseDeadlineKinds(later)).toThrow(/before an event/);
  });

  it('rejects bad reminders and reminder rolls', () => {
    const zeroAfter = clone();
    zeroAfter.kinds.bilan.reminders.push({ when: 'after', days: 0 });
    expect(() => parseDeadlineKinds(zeroAfter)).toThrow(/at least 1 day after/);
    const duplicate = clone();
    duplicate.kinds.bilan.reminders.push({ when: 'before', days: 30 });
    expect(() => parseDeadlineKinds(duplicate)).toThrow(/duplicate/);
    const roll = clone();
    roll.reminderRoll.before = 'next-working-day';
    expect(() => parseDeadlineKinds(roll)).toThrow(/before/);
  });
});

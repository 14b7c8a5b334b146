/**
 * The daily enforcement over a simulated year, on the local platform: every reminder queued
 * exactly once, on its day; a second run the same day changes nothing; a day it did not run is
 * caught up the next day; it reads only due items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import { addDays, compareDates } from '#domain/time/iso-date.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { REMINDER_KIND } from '#domain/workflow/obligations.ts';
import { morningOf, startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
const ids: string[] = [];
const SKIPPED_DAY = '2026-12-01'; // the reminder of the annual documents due 2026-12-31 (fiscal year closing 06-30) falls on it
const LAST_DAY = '2027-07-15';
const reports: { day: string; second: Awaited<ReturnType<typeof runDailyEnforcement>> }[] = [];

beforeAll(async () => {
  h = await startHarness('2026-03-02');
  const fiscalYearEnds = ['12-31', '06-30', '09-30'];
  for (const [i, fiscalYearEnd] of fiscalYearEnds.entries()) {
    const d = await h.submit({
      mutate: (s) => {
        s.porteur.fiscalYearEnd = fiscalYearEnd;
        s.participantsPlanned = 30 + i;
      },
    });
    await h.act(d.id, 'completeness-check', 'complete');
    await h.act(d.id, 'chief-validation', 'approve');
    await h.act(d.id, 'cp-decision', 'favourable', { amountCents: 1_000_000, cpDate: h.today(), deliberationNumber: `CP-${i}` });
    await h.act(d.id, 'convention-signature', 'signed', { signedOn: h.today() });
    await h.event(d.id, { type: 'comite-scheduled', comiteDate: '2026-06-15' });
    await h.event(d.id, { type: 'comite-scheduled', comiteDate: '2026-12-07' });
    ids.push(d.id);
  }
  // A year, day by day; the schedule misses one day; each day it runs twice.
  const { runtime, deps } = h.platform;
  for (let day = addDays(h.today(), 1); compareDates(day, LAST_DAY) <= 0; day = addDays(day, 1)) {
    h.clock.set(morningOf(day));
    await runtime.runDueTimers();
    await runtime.idle();
    if (day === SKIPPED_DAY) continue;
    await runDailyEnforcement(deps);
    reports.push({ day, second: await runDailyEnforcement(deps) });
    await runtime.idle();
  }
}, 240_000);
afterAll(async () => {
  await h?.close();
});

describe('daily enforcement over a year', () => {
  it('queues every reminder exactly once, on its day (the skipped day’s the next day)', async () => {
    const { deps } = h.platform;
    let checked = 0;
    for (const id of ids) {
      const reminders = (await deps.deadlines.listOfDossier(id)).filter(
        (d) => d.kind === REMINDER_KIND && compareDates(d.dueDate, LAST_DAY) <= 0,
      );
      expect(reminders.length).toBeGreaterThan(5);
      for (const reminder of reminders) {
        expect(reminder.status, reminder.id).not.toBe('pending');
        const email = await deps.outbox.get(`reminder#${reminder.id}`);
        if (reminder.status === 'cancelled') {
          expect(email, reminder.id).toBeUndefined();
          continue;
        }
        expect(email, reminder.id).toBeDefined();
        const expectedDay = reminder.dueDate === SKIPPED_DAY ? addDays(SKIPPED_DAY, 1) : reminder.dueDate;
        expect(parisDateOf(new Date(email!.createdAt)), reminder.id).toBe(expectedDay);
        checked++;
      }
      const timeline = await deps.timeline.list(id);
      const queued = timeline.filter((e) => e.type === 'email-queued' && String(e.data.key).startsWith('reminder#'));
      expect(new Set(queued.map((e) => e.data.key)).size).toBe(queued.length);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('the skipped day really had a reminder to catch up', async () => {
    const all = (await Promise.all(ids.map((id) => h.platform.deps.deadlines.listOfDossier(id)))).flat();
    expect(all.some((d) => d.kind === REMINDER_KIND && d.dueDate === SKIPPED_DAY)).toBe(true);
  });

  it('a second run the same day sends nothing and changes nothing', () => {
    for (const { second } of reports) expect(second, second.day).toMatchObject({ remindersSent: 0, remindersDropped: 0, suspended: 0 });
  });

  it('suspends payments once when annual documents are late while payments run', async () => {
    const suspensions = await Promise.all(
      ids.map(async (id) =>
        (await h.platform.deps.timeline.list(id))
          .filter((e) => e.type === 'payments-suspended')
          .map((e) => `${e.at.slice(0, 10)}:${e.data.fiscalYear}`),
      ),
    );
    // Fiscal year closing 12-31: its 2026 documents are due 2027-06-30, suspended on 2027-07-01 (the bilan, due the same day, is in its grace period).
    // Closing 06-30: due 2026-12-31, suspended on 2027-01-01. Closing 09-30: due 2027-03-31, suspended on 2027-04-01.
    expect(suspensions).toEqual([['2027-07-01:2026'], ['2027-01-01:2026'], ['2027-04-01:2026']]);
  });
});

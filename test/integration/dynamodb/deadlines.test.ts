import { beforeAll, describe, expect, it } from 'vitest';
import { DeadlineNotPendingError, RecordNotFoundError } from '#domain/ports/errors.ts';
import { deadlineId } from '#domain/ports/records.ts';
import { addDays } from '#domain/time/iso-date.ts';
import { keys } from '#adapters/dynamodb/keys.ts';
import { INDEX } from '#adapters/dynamodb/table-design.ts';
import { caught, fixture, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('deadlines');
});

describe('deadlines', () => {
  it('stores a pending deadline under its deterministic id; the same id again is a no-op', async () => {
    const d = {
      dossierId: 'dl-1',
      kind: 'participant-list',
      ref: 'comite#2026-06-15',
      dueDate: '2026-06-05',
      data: { comiteDate: '2026-06-15' },
    };
    expect(await f.repo.putDeadline(d)).toBe(true);
    f.clock.advance(1000);
    expect(await f.repo.putDeadline({ ...d, dueDate: '2026-06-06', data: { other: true } })).toBe(false);
    const id = deadlineId('dl-1', 'participant-list', 'comite#2026-06-15');
    expect(id).toBe('dl-1#participant-list#comite#2026-06-15');
    expect(await f.repo.getDeadline(id)).toEqual({
      id,
      dossierId: 'dl-1',
      kind: 'participant-list',
      ref: 'comite#2026-06-15',
      dueDate: '2026-06-05',
      status: 'pending',
      data: { comiteDate: '2026-06-15' },
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
      version: 1,
    });
    expect(await f.repo.getDeadline('dl-1#nothing#here')).toBeUndefined();
    expect(await f.repo.getDeadline('no-hash')).toBeUndefined();
  });

  it('refuses a due date that is not a calendar date', async () => {
    await expect(f.repo.putDeadline({ dossierId: 'dl-x', kind: 'bilan', ref: 'final', dueDate: '2026-02-30' })).rejects.toThrow(RangeError);
  });

  it("reads only the given day's pending deadlines, by one Query on the index and nothing else", async () => {
    // 40 days × 5 deadlines around the day of interest, plus 3 on it.
    const day = '2026-09-14';
    const puts: Promise<boolean>[] = [];
    for (let i = -20; i <= 20; i++) {
      if (i === 0) continue;
      for (let j = 0; j < 5; j++)
        puts.push(f.repo.putDeadline({ dossierId: `sweep-${j}`, kind: 'annual-documents', ref: `fy-${i}`, dueDate: addDays(day, i) }));
    }
    for (let j = 0; j < 3; j++) puts.push(f.repo.putDeadline({ dossierId: `sweep-${j}`, kind: 'bilan', ref: 'final', dueDate: day }));
    await Promise.all(puts);

    f.calls.length = 0;
    const due = await f.repo.listDueDeadlines(day);
    expect(due.map((d) => d.id).sort()).toEqual(['sweep-0#bilan#final', 'sweep-1#bilan#final', 'sweep-2#bilan#final']);
    expect(due.every((d) => d.dueDate === day && d.status === 'pending')).toBe(true);
    expect(f.calls.map((c) => c.command)).toEqual(['QueryCommand']);
    const [call] = f.calls;
    expect(call?.input.IndexName).toBe(INDEX.workQueues);
    expect(call?.input.KeyConditionExpression).toBe('GSI4PK = :pk');
    expect(call?.input.FilterExpression).toBeUndefined();
    // DynamoDB read exactly the 3 items of that day: nothing was scanned and thrown away.
    expect(call?.output.ScannedCount).toBe(3);
    expect(call?.output.Count).toBe(3);
  });

  it('a met, missed or cancelled deadline leaves the due-day index', async () => {
    const day = '2027-06-30';
    const ids = ['met', 'missed', 'cancelled', 'still'].map((k) => deadlineId('dl-2', k, 'r'));
    for (const k of ['met', 'missed', 'cancelled', 'still'])
      await f.repo.putDeadline({ dossierId: 'dl-2', kind: k, ref: 'r', dueDate: day });
    expect((await f.repo.listDueDeadlines(day)).length).toBe(4);
    f.clock.advance(60_000);
    const met = await f.repo.markDeadline(ids[0]!, 'met');
    expect(met).toMatchObject({ status: 'met', version: 2, updatedAt: f.clock.now().toISOString() });
    await f.repo.markDeadline(ids[1]!, 'missed');
    await f.repo.markDeadline(ids[2]!, 'cancelled');
    expect((await f.repo.listDueDeadlines(day)).map((d) => d.id)).toEqual([ids[3]]);
    const raw = await f.rawItem(keys.deadline(ids[0]!)!);
    expect(raw).not.toHaveProperty('GSI4PK');
    expect(raw?.status).toBe('met');
    // All four still belong to the dossier.
    expect((await f.repo.listDeadlinesOfDossier('dl-2')).map((d) => d.status).sort()).toEqual(['cancelled', 'met', 'missed', 'pending']);
  });

  it('marks a deadline only while pending (fulfilment racing the sweep: one wins)', async () => {
    await f.repo.putDeadline({ dossierId: 'dl-3', kind: 'bilan', ref: 'final', dueDate: '2028-03-31' });
    const id = deadlineId('dl-3', 'bilan', 'final');
    const results = await Promise.allSettled([f.repo.markDeadline(id, 'met'), f.repo.markDeadline(id, 'missed')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(DeadlineNotPendingError);
    const err = await caught(() => f.repo.markDeadline(id, 'cancelled'));
    expect(err).toBeInstanceOf(DeadlineNotPendingError);
    expect((err as DeadlineNotPendingError).status).toBe((await f.repo.getDeadline(id))?.status);
    expect((await f.repo.getDeadline(id))?.version).toBe(2);
    await expect(f.repo.markDeadline('dl-3#nope#x', 'met')).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('reschedules a pending deadline to another day', async () => {
    await f.repo.putDeadline({ dossierId: 'dl-4', kind: 'bilan', ref: 'final', dueDate: '2028-02-29' });
    const id = deadlineId('dl-4', 'bilan', 'final');
    const moved = await f.repo.rescheduleDeadline(id, '2028-05-31');
    expect(moved).toMatchObject({ dueDate: '2028-05-31', status: 'pending', version: 2 });
    expect(await f.repo.listDueDeadlines('2028-02-29')).toEqual([]);
    expect((await f.repo.listDueDeadlines('2028-05-31')).map((d) => d.id)).toEqual([id]);
    await f.repo.markDeadline(id, 'met');
    await expect(f.repo.rescheduleDeadline(id, '2028-06-30')).rejects.toBeInstanceOf(DeadlineNotPendingError);
  });
});

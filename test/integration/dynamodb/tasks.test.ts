import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DecisionNotAllowedError, RecordAlreadyExistsError, RecordNotFoundError, TaskAlreadyDecidedError } from '#domain/ports/errors.ts';
import { newOpaqueId } from '#domain/ports/ids.ts';
import type { NewTask } from '#domain/ports/records.ts';
import { keys } from '#adapters/dynamodb/keys.ts';
import { INDEX } from '#adapters/dynamodb/table-design.ts';
import { caught, fixture, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('tasks');
});

function newTask(over: Partial<NewTask> = {}): NewTask {
  return {
    id: newOpaqueId(),
    dossierId: 'dossier-1',
    kind: 'completeness-check',
    role: 'service-instructeur',
    territory: 'Arrageois',
    allowedDecisions: ['complete', 'ask-complements', 'reject'],
    dueAt: '2026-03-20T22:59:59.999Z',
    taskToken: `token-${Math.random().toString(36).slice(2)}`,
    ...over,
  };
}

describe('tasks', () => {
  it('makes task ids of 128 random bits, URL-safe', () => {
    const ids = new Set(Array.from({ length: 1000 }, newOpaqueId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('stores an open task; getTask never shows the token, getTaskToken does', async () => {
    const t = newTask();
    const stored = await f.repo.putTask(t);
    expect(stored).toMatchObject({ id: t.id, status: 'open', version: 1, createdAt: '2026-03-02T09:00:00.000Z' });
    const read = await f.repo.getTask(t.id);
    expect(read).toEqual(stored);
    expect(JSON.stringify(read)).not.toContain(t.taskToken);
    expect(await f.repo.getTaskToken(t.id)).toBe(t.taskToken);
    expect(await f.repo.getTaskToken('missing-task-id-000000000')).toBeUndefined();
    await expect(f.repo.putTask(t)).rejects.toBeInstanceOf(RecordAlreadyExistsError);
  });

  it('refuses a guessable task id', async () => {
    await expect(f.repo.putTask(newTask({ id: 'task-1' }))).rejects.toThrow(RangeError);
  });

  it('lists the inbox of a role and territory, oldest due first, without tokens, even in the index', async () => {
    const role = 'chef-slai-slisl';
    const late = await f.repo.putTask(newTask({ role, territory: 'Calaisis', dueAt: '2026-04-10T21:59:59.999Z' }));
    const early = await f.repo.putTask(newTask({ role, territory: 'Calaisis', dueAt: '2026-03-10T22:59:59.999Z' }));
    await f.repo.putTask(newTask({ role, territory: 'Boulonnais' }));
    await f.repo.putTask(newTask({ role: 'secretariat-cp', territory: 'Calaisis' }));
    const inbox = await f.repo.listOpenTasks(role, 'Calaisis');
    expect(inbox.map((t) => t.id)).toEqual([early.id, late.id]);
    expect(inbox[0]).toEqual(early);
    // The index itself holds no token.
    const raw = await f.doc.send(
      new QueryCommand({
        TableName: f.tableName,
        IndexName: INDEX.inbox,
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `INBOX#${role}#Calaisis` },
      }),
    );
    expect(raw.Items).toHaveLength(2);
    for (const item of raw.Items ?? []) expect(item).not.toHaveProperty('taskToken');
  });

  it('decides an open task; the decided task leaves the inbox (sparse index)', async () => {
    const t = await f.repo.putTask(newTask({ territory: 'Ternois' }));
    f.clock.advance(3_600_000);
    const decided = await f.repo.decideTask(t.id, 'ask-complements', 'agent-42', 'pièce manquante: budget');
    expect(decided).toMatchObject({
      status: 'decided',
      decision: 'ask-complements',
      decidedBy: 'agent-42',
      decidedAt: '2026-03-02T10:00:00.000Z',
      comment: 'pièce manquante: budget',
      version: 2,
    });
    expect(JSON.stringify(decided)).not.toContain('token-');
    expect(await f.repo.listOpenTasks('service-instructeur', 'Ternois')).toEqual([]);
    const raw = await f.rawItem(keys.task(t.id));
    expect(raw).not.toHaveProperty('GSI3PK');
    expect(raw).not.toHaveProperty('GSI3SK');
    // The token stays readable for the code that resumes the workflow.
    expect(await f.repo.getTaskToken(t.id)).toMatch(/^token-/);
  });

  it('of 10 concurrent decisions exactly one wins; the others get TaskAlreadyDecidedError', async () => {
    const t = await f.repo.putTask(newTask());
    const decisions = ['complete', 'reject'];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => f.repo.decideTask(t.id, decisions[i % 2]!, `agent-${i}`)),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof f.repo.decideTask>>> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(TaskAlreadyDecidedError);
      expect(l.reason).toMatchObject({ status: 'decided', decision: won[0]!.value.decision, decidedBy: won[0]!.value.decidedBy });
    }
    const stored = await f.repo.getTask(t.id);
    expect(stored).toMatchObject({ decision: won[0]!.value.decision, decidedBy: won[0]!.value.decidedBy, version: 2 });
  });

  it('refuses a decision the task does not allow, leaving it open', async () => {
    const t = await f.repo.putTask(newTask({ territory: 'Montreuillois' }));
    const err = await caught(() => f.repo.decideTask(t.id, 'approve', 'agent-1'));
    expect(err).toBeInstanceOf(DecisionNotAllowedError);
    expect(err).toMatchObject({ allowed: ['complete', 'ask-complements', 'reject'] });
    expect(await f.repo.getTask(t.id)).toEqual(t);
    expect((await f.repo.listOpenTasks('service-instructeur', 'Montreuillois')).map((x) => x.id)).toEqual([t.id]);
  });

  it('decideTask on a missing task is RecordNotFoundError (and creates nothing)', async () => {
    const id = newOpaqueId();
    await expect(f.repo.decideTask(id, 'complete', 'agent')).rejects.toBeInstanceOf(RecordNotFoundError);
    expect(await f.rawItem(keys.task(id))).toBeUndefined();
  });

  it('expires and cancels open tasks only, and they leave the inbox', async () => {
    const a = await f.repo.putTask(newTask({ territory: 'Artois' }));
    const b = await f.repo.putTask(newTask({ territory: 'Artois' }));
    expect(await f.repo.expireTask(a.id)).toBe(true);
    expect(await f.repo.expireTask(a.id)).toBe(false);
    expect(await f.repo.cancelTask(b.id)).toBe(true);
    expect(await f.repo.cancelTask(b.id)).toBe(false);
    expect((await f.repo.getTask(a.id))?.status).toBe('expired');
    expect((await f.repo.getTask(b.id))?.status).toBe('cancelled');
    expect((await f.repo.getTask(b.id))?.closedAt).toBe(f.clock.now().toISOString());
    expect(await f.repo.listOpenTasks('service-instructeur', 'Artois')).toEqual([]);
    // An expired task can no longer be decided.
    const err = await caught(() => f.repo.decideTask(a.id, 'complete', 'agent'));
    expect(err).toBeInstanceOf(TaskAlreadyDecidedError);
    expect(err).toMatchObject({ status: 'expired' });
    await expect(f.repo.expireTask(newOpaqueId())).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('a decision racing the timeout: exactly one of them closes the task', async () => {
    const t = await f.repo.putTask(newTask());
    const [decision, expiry] = await Promise.allSettled([f.repo.decideTask(t.id, 'complete', 'agent'), f.repo.expireTask(t.id)]);
    const decided = decision.status === 'fulfilled';
    const expired = expiry.status === 'fulfilled' && expiry.value;
    expect(decided !== expired).toBe(true);
    expect((await f.repo.getTask(t.id))?.status).toBe(decided ? 'decided' : 'expired');
  });
});

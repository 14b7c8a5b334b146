/**
 * Nothing twice: the same submission twenty times at once, forty porteurs filing on one dispositif
 * at once, two instructors deciding one task at once, two favourable decisions that together
 * exceed an envelope at once — on the real local DynamoDB and Step Functions runtime, through the
 * API handler. Each change is one transaction: of concurrent writers one commits, the others are
 * refused whole (nothing of theirs written) and answer from what won, or try again on what won.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionArnOf } from '#infra/local/stepfunctions/arns.ts';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { apiClient, type Api } from '#test/support/api-client.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
let api: Api;
beforeAll(async () => {
  h = await startHarness('2026-03-02');
  api = apiClient(h.platform.deps);
});
afterAll(async () => {
  await h?.close();
});

const territory = validSubmissionFixture().territories[0]!;

/** The dispositif's last reference number taken. */
const lastReference = async (dispositifCode: string) =>
  (await h.platform.deps.filings.lookup('-', '-', dispositifCode)).lastReferenceNumber;
const INSTRUCTEUR = (id: string) => ({ role: 'service-instructeur', id, territory });

describe('concurrency', () => {
  it('the same submission 20 times at once with one Idempotency-Key: one dossier, one reference, one execution, one acknowledgement', async () => {
    const body = { ...validSubmissionFixture(), participantsPlanned: 77 };
    const referencesBefore = await lastReference(body.dispositifCode);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api('POST', '/dossiers', { as: { porteur: 'p-20x' }, body, headers: { 'Idempotency-Key': 'same-key-20x' } }),
      ),
    );
    await h.settle();
    // One filing committed (201); the 19 others found it done and answered it (200).
    expect(results.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.reference)).size).toBe(1);
    const id = results[0]!.body.id as string;
    expect(await h.platform.deps.dossiers.listOfPorteur('p-20x')).toHaveLength(1);
    // One reference number taken: the losers' numbers were never written.
    expect(await lastReference(body.dispositifCode)).toBe(referencesBefore + 1);
    const executions = await h.platform.runtime.listExecutions({ stateMachineArn: h.platform.machineArns.instruction });
    expect(executions.executions.filter((e) => e.name.startsWith(id))).toHaveLength(1);
    expect(await h.emailKinds(id)).toEqual(expect.arrayContaining(['acknowledgement']));
    expect((await h.emailKinds(id)).filter((k) => k === 'acknowledgement')).toHaveLength(1);
    const timeline = await h.timelineTypes(id);
    expect(timeline.filter((t) => t === 'dossier-submitted')).toHaveLength(1);
    expect((await h.verifyTimeline(id)).ok).toBe(true);
  });

  it('the same content under 20 different keys at once: one dossier, the others refused as duplicates, writing nothing', async () => {
    const body = { ...validSubmissionFixture(), participantsPlanned: 78 };
    const referencesBefore = await lastReference(body.dispositifCode);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api('POST', '/dossiers', {
          as: { porteur: 'p-dup' },
          body,
          headers: { 'Idempotency-Key': `dup-key-${String(i).padStart(3, '0')}` },
        }),
      ),
    );
    await h.settle();
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await h.platform.deps.dossiers.listOfPorteur('p-dup')).toHaveLength(1);
    expect(await lastReference(body.dispositifCode)).toBe(referencesBefore + 1);
  });

  it('40 porteurs filing on one dispositif at once: 40 dossiers, the next 40 reference numbers, one each', async () => {
    const body = { ...validSubmissionFixture(), participantsPlanned: 80 };
    const referencesBefore = await lastReference(body.dispositifCode);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api('POST', '/dossiers', { as: { porteur: `p-rush-${i}` }, body, headers: { 'Idempotency-Key': `deadline-rush-${i}` } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    const numbers = results.map((r) => Number(String(r.body.reference).split('-').pop())).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => referencesBefore + 1 + i));
    expect(await lastReference(body.dispositifCode)).toBe(referencesBefore + 40);
    await h.settle();
  });

  it('two instructors deciding the same task at once: exactly one wins, the other gets 409, one email', async () => {
    const d = await h.submit({ mutate: (s) => (s.participantsPlanned = 79) });
    const task = await h.openTask(d.id, 'completeness-check');
    const [a, b] = await Promise.all([
      api('POST', `/taches/${task.id}/decision`, {
        as: INSTRUCTEUR('alice'),
        body: { decision: 'ask-complements', details: { complements: ['Statuts'] } },
      }),
      api('POST', `/taches/${task.id}/decision`, {
        as: INSTRUCTEUR('bob'),
        body: { decision: 'ask-complements', details: { complements: ['Statuts'] } },
      }),
    ]);
    await h.settle();
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await h.emailKinds(d.id)).filter((k) => k === 'complements-request')).toHaveLength(1);
    // The loser wrote nothing: one decision on the task, one `task-decided` event, both the winner's.
    const decided = (await h.platform.deps.timeline.list(d.id)).filter((e) => e.type === 'task-decided');
    expect(decided).toHaveLength(1);
    const stored = await h.platform.deps.tasks.get(task.id);
    expect(decided[0]!.actor).toBe(stored!.decidedBy);
    expect(stored!.decidedBy).toContain(a.status === 200 ? 'alice' : 'bob');
    const arn = executionArnOf(h.platform.machineArns.instruction, `${d.id}-instruction-1`);
    expect((await h.platform.runtime.describeExecution({ executionArn: arn })).status).toBe('RUNNING');
    expect((await h.dossier(d.id)).status).toBe('awaiting-complements');
  });

  it('two favourable decisions that together exceed the envelope, at once: one committed, the other refused in its answer, writing nothing', async () => {
    const code = '3.1';
    const total = h.platform.deps.catalog.dispositifByCode(code)!.envelopeCents;
    const ids: string[] = [];
    for (const n of [80, 81]) {
      const d = await h.submit({ dispositifCode: code, mutate: (s) => (s.participantsPlanned = n) });
      await h.act(d.id, 'completeness-check', 'complete');
      await h.act(d.id, 'chief-validation', 'approve');
      ids.push(d.id);
    }
    const amount = Math.floor(total * 0.6);
    const tasks = await Promise.all(ids.map((id) => h.openTask(id, 'cp-decision')));
    // Each decision alone fits (the API's pre-check passes); together they exceed the envelope.
    const results = await Promise.all(
      tasks.map((t) =>
        api('POST', `/taches/${t.id}/decision`, {
          as: { role: 'secretariat-cp', id: 'cp' },
          body: { decision: 'favourable', details: { amountCents: amount, cpDate: '2026-04-10', deliberationNumber: 'CP-X' } },
        }),
      ),
    );
    await h.settle();
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const refusedAnswer = results.find((r) => r.status === 409)!;
    expect(refusedAnswer.body.erreur.code).toBe('enveloppe-depassee');
    const statuses = await Promise.all(ids.map(async (id) => (await h.dossier(id)).status));
    expect([...statuses].sort()).toEqual(['convention-drafted', 'ready-for-cp']);
    const envelope = await h.platform.deps.envelopes.get(code);
    expect(envelope).toMatchObject({ committedCents: amount, remainingCents: total - amount });
    const refused = ids[statuses.indexOf('ready-for-cp')]!;
    // Refused in the answer: its task still open, no decision in its timeline, no commitment.
    expect((await h.openTask(refused, 'cp-decision')).id).toBe(tasks[ids.indexOf(refused)]!.id);
    const cpDecisions = (await h.platform.deps.timeline.list(refused)).filter(
      (e) => e.type === 'task-decided' && e.data.step === 'cp-decision',
    );
    expect(cpDecisions).toEqual([]);
    expect(await h.platform.deps.envelopes.commitmentOf(code, refused)).toBeUndefined();
  });
});

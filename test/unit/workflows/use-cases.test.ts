/**
 * decide, planStep and createTask on the in-memory stores: what each writes (one commit), what a
 * second run writes (nothing), what a refusal writes (nothing).
 */
import { describe, expect, it, vi } from 'vitest';
import { DecisionNotAllowedError, EnvelopeExceededError, TaskAlreadyDecidedError } from '#domain/ports/errors.ts';
import { decide, redeliverDecisions } from '#domain/workflow/decide.ts';
import { DecisionDetailsInvalidError } from '#domain/workflow/errors.ts';
import { createTask } from '#domain/workflow/create-task.ts';
import { queueExecutionEvent } from '#domain/workflow/execution-events.ts';
import { changeDossier, DossierChange } from '#domain/workflow/dossier-change.ts';
import { planStep } from '#domain/workflow/plan-step.ts';
import { workflowOf } from '#domain/workflow/state.ts';
import { memoryWorkflow } from '#test/support/memory-workflow.ts';

const favourable = (amountCents: number) => ({ amountCents, cpDate: '2026-04-10', deliberationNumber: 'CP-2026-04-01' });

/** A dossier filed, complete, approved by the chief, and a favourable CP decision recorded on its task (not yet applied). */
async function favourableCpDecided() {
  const w = await memoryWorkflow();
  const d = await w.file();
  await w.act('acknowledge-submission', d.id);
  await w.act('mark-complete', d.id, { decision: await w.decided(d.id, 'completeness-check', 'complete') });
  await w.act('mark-ready-for-cp', d.id, { decision: await w.decided(d.id, 'chief-validation', 'approve') });
  const cp = await w.decided(d.id, 'cp-decision', 'favourable', favourable(1_000_000), 'cp');
  return { w, d, cp };
}

describe('decide', () => {
  it('records the decision, its timeline event and the step decided in one commit, then hands it to the execution', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const task = await w.open(d.id, 'completeness-check');
    const before = await w.dossier(d.id);
    const decided = await decide(w.deps, { taskId: task.id, decision: 'complete', actor: 'alice' });
    expect(decided).toMatchObject({ id: task.id, status: 'decided', decision: 'complete', decidedBy: 'alice' });
    expect(await w.stores.tasks.get(task.id)).toEqual(decided);
    const after = await w.dossier(d.id);
    expect(after.version).toBe(before.version + 1);
    expect(workflowOf(after).steps['completeness-check']).toMatchObject({ taskId: task.id, decided: true });
    const last = (await w.stores.timeline.list(d.id)).at(-1);
    expect(last).toMatchObject({
      type: 'task-decided',
      actor: 'alice',
      data: { taskId: task.id, step: 'completeness-check', decision: 'complete' },
    });
    expect(w.engine.answered.map((a) => a.output)).toEqual([{ taskId: task.id, decision: 'complete' }]);
  });

  it('a retry of one’s own decision is a replay (no second write); another decision is a conflict naming who decided', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const task = await w.open(d.id, 'completeness-check');
    await decide(w.deps, { taskId: task.id, decision: 'complete', actor: 'alice' });
    const snapshot = await w.snapshot(d.id);
    expect(await decide(w.deps, { taskId: task.id, decision: 'complete', actor: 'alice' })).toMatchObject({ decidedBy: 'alice' });
    expect(await w.snapshot(d.id)).toEqual(snapshot);
    await expect(decide(w.deps, { taskId: task.id, decision: 'complete', actor: 'bob' })).rejects.toMatchObject({
      name: 'TaskAlreadyDecidedError',
      decidedBy: 'alice',
    });
    await expect(
      decide(w.deps, { taskId: task.id, decision: 'ask-complements', actor: 'alice', details: { complements: ['x y z'] } }),
    ).rejects.toBeInstanceOf(TaskAlreadyDecidedError);
  });

  it('refuses a decision the step does not allow, or details that break its rules, writing nothing', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const task = await w.open(d.id, 'completeness-check');
    const snapshot = await w.snapshot(d.id);
    await expect(decide(w.deps, { taskId: task.id, decision: 'approve', actor: 'a' })).rejects.toBeInstanceOf(DecisionNotAllowedError);
    await expect(decide(w.deps, { taskId: task.id, decision: 'ask-complements', actor: 'a', details: {} })).rejects.toBeInstanceOf(
      DecisionDetailsInvalidError,
    );
    expect(await w.snapshot(d.id)).toEqual(snapshot);
    expect(w.engine.answered).toEqual([]);
  });

  it('commits a favourable decision’s amount to the envelope with it; past the envelope it is refused, nothing written', async () => {
    const w = await memoryWorkflow();
    const code = '1.2';
    const total = w.deps.catalog.dispositifByCode(code)!.envelopeCents;
    const [a, b] = [await w.file({ dispositifCode: code }), await w.file({ dispositifCode: code })];
    const taskA = await w.open(a.id, 'cp-decision');
    await decide(w.deps, { taskId: taskA.id, decision: 'favourable', actor: 'cp', details: favourable(total - 100) });
    expect(await w.stores.envelopes.get(code)).toMatchObject({ committedCents: total - 100, remainingCents: 100 });
    const taskB = await w.open(b.id, 'cp-decision');
    const snapshot = await w.snapshot(b.id);
    await expect(
      decide(w.deps, { taskId: taskB.id, decision: 'favourable', actor: 'cp', details: favourable(101) }),
    ).rejects.toBeInstanceOf(EnvelopeExceededError);
    expect(await w.snapshot(b.id)).toEqual(snapshot);
    expect(w.engine.answered).toHaveLength(1);
  });

  it('a decision not handed over (Step Functions down) stays to confirm, and is handed over by the redelivery after its grace period, once', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const task = await w.open(d.id, 'completeness-check');
    w.engine.failWith = new Error('ECONNREFUSED');
    await expect(decide(w.deps, { taskId: task.id, decision: 'complete', actor: 'alice' })).rejects.toThrow('ECONNREFUSED');
    expect(await w.stores.tasks.get(task.id)).toMatchObject({ status: 'decided' });
    w.engine.failWith = undefined;
    expect(await redeliverDecisions(w.deps)).toBe(0);
    w.clock.advance(61_000);
    expect(await redeliverDecisions(w.deps)).toBe(1);
    expect(await redeliverDecisions(w.deps)).toBe(0);
    expect(w.engine.answered.map((a) => a.output)).toEqual([{ taskId: task.id, decision: 'complete' }]);
    expect(await w.stores.tasks.listUnconfirmedDecisions(w.clock.now(), 10)).toEqual([]);
  });

  it('the action applying a decision confirms its hand-over in its own commit: the redelivery finds nothing; the task read once per call', async () => {
    const { w, d, cp } = await favourableCpDecided();
    const far = new Date(w.clock.now().getTime() + 86_400_000);
    expect((await w.stores.tasks.listUnconfirmedDecisions(far, 10)).map((u) => u.taskId)).toContain(cp.taskId);
    const reads = vi.spyOn(w.stores.tasks, 'getForDecision');
    // As the CommitEnvelope state calls it: the favourable decision applied by two actions in one call.
    await w.act('commit-envelope', d.id, { decision: cp, andThen: [{ action: 'record-cp-favourable', decision: cp }] });
    expect(reads).toHaveBeenCalledTimes(1);
    expect((await w.dossier(d.id)).status).toBe('cp-favourable');
    expect((await w.stores.tasks.listUnconfirmedDecisions(far, 10)).map((u) => u.taskId)).not.toContain(cp.taskId);
    const answered = w.engine.answered.length;
    w.clock.advance(2 * 86_400_000);
    await redeliverDecisions(w.deps);
    expect(w.engine.answered.slice(answered).map((a) => (a.output as { taskId: string }).taskId)).not.toContain(cp.taskId);
  });
});

describe('planStep', () => {
  it('writes nothing: the step opens with its task, keeps its opening instant while its task is undecided, opens anew after a decision', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const input = {
      step: 'completeness-check',
      dossierId: d.id,
      generation: 1,
      executionName: 'x',
      executionStartedAt: w.clock.now().toISOString(),
    };
    const commits = vi.spyOn(w.stores.commits, 'commit');
    const first = await planStep(w.deps, input);
    expect(commits).not.toHaveBeenCalled();
    expect(workflowOf(await w.dossier(d.id)).steps['completeness-check']).toBeUndefined();
    const task = await w.open(d.id, 'completeness-check');
    const opened = workflowOf(await w.dossier(d.id)).steps['completeness-check']!.openedAt;
    expect(opened).toBe(w.clock.now().toISOString());
    w.clock.advance(3 * 86_400_000);
    expect(await planStep(w.deps, input)).toMatchObject({ dueAt: first.dueAt });
    await decide(w.deps, { taskId: task.id, decision: 'complete', actor: 'a' });
    w.clock.advance(86_400_000);
    const writes = commits.mock.calls.length;
    const again = await planStep(w.deps, input);
    expect(commits.mock.calls.length).toBe(writes);
    expect(again.dueAt > first.dueAt).toBe(true);
    await w.open(d.id, 'completeness-check');
    expect(workflowOf(await w.dossier(d.id)).steps['completeness-check']).toMatchObject({
      openedAt: w.clock.now().toISOString(),
      escalations: 0,
    });
    expect((await w.stores.tasks.get(task.id))!.status).toBe('decided');
  });

  it('in an action’s call, planned on the dossier the action left: the dossier read once', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const gets = vi.spyOn(w.stores.dossiers, 'get');
    const commits = vi.spyOn(w.stores.commits, 'commit');
    const planned = { plan: 'completeness-check', executionStartedAt: w.clock.now().toISOString() };
    expect(await w.act('acknowledge-submission', d.id, planned)).toMatchObject({
      outcome: 'acknowledged',
      plan: { step: 'completeness-check' },
    });
    expect(gets).toHaveBeenCalledTimes(1);
    // One commit: the action's, the step's opening folded into it.
    expect(commits).toHaveBeenCalledTimes(1);
    expect(commits.mock.calls[0]![0].dossier).toMatchObject({ status: 'completeness-check' });
    expect(workflowOf(await w.dossier(d.id)).steps['completeness-check']).toMatchObject({ escalations: 0 });
    // Run again (a retried call): nothing to change, still one read, no commit.
    gets.mockClear();
    commits.mockClear();
    await w.act('acknowledge-submission', d.id, planned);
    expect(gets).toHaveBeenCalledTimes(1);
    expect(commits).not.toHaveBeenCalled();
  });

  it('an action applying a decision: the dossier comes with its task, and the step is planned without reading it again', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    await w.act('acknowledge-submission', d.id);
    const decision = await w.decided(d.id, 'completeness-check', 'complete');
    const gets = vi.spyOn(w.stores.dossiers, 'get');
    const forDecision = vi.spyOn(w.stores.tasks, 'getForDecision');
    const planned = { decision, plan: 'chief-validation', executionStartedAt: w.clock.now().toISOString() };
    expect(await w.act('mark-complete', d.id, planned)).toMatchObject({ outcome: 'complete', plan: { step: 'chief-validation' } });
    expect(forDecision).toHaveBeenCalledTimes(1);
    expect(gets).not.toHaveBeenCalled();
    expect(await w.dossier(d.id)).toMatchObject({ status: 'chief-validation' });
    expect(workflowOf(await w.dossier(d.id)).steps['chief-validation']).toMatchObject({ escalations: 0 });
  });

  it('a concurrent change before the action’s commit: the action and the opening decided again on the new state, both kept', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const commit = w.stores.commits.commit.bind(w.stores.commits);
    let calls = 0;
    const commits = vi.spyOn(w.stores.commits, 'commit').mockImplementation(async (c) => {
      // Another writer changes the dossier just before the action's commit.
      if (++calls === 1)
        await changeDossier(w.deps, d.id, (change) => {
          change.record('concurrent-note');
          return undefined;
        });
      return commit(c);
    });
    const gets = vi.spyOn(w.stores.dossiers, 'get');
    const planned = { plan: 'completeness-check', executionStartedAt: w.clock.now().toISOString() };
    expect(await w.act('acknowledge-submission', d.id, planned)).toMatchObject({
      outcome: 'acknowledged',
      plan: { step: 'completeness-check' },
    });
    // The action's commit refused (the concurrent one, made inside it, moved the version), then made again.
    expect(commits).toHaveBeenCalledTimes(3);
    await expect(commits.mock.results[0]!.value).rejects.toMatchObject({ name: 'VersionConflictError' });
    // The action's read, the concurrent writer's, the read after the conflict.
    expect(gets).toHaveBeenCalledTimes(3);
    const after = await w.dossier(d.id);
    expect(after.status).toBe('completeness-check');
    expect(workflowOf(after).steps['completeness-check']).toMatchObject({ escalations: 0 });
    expect((await w.stores.timeline.list(d.id)).map((e) => e.type)).toContain('concurrent-note');
  });

  it('hands over when the step is due beyond the execution’s life budget', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const startedLongAgo = new Date(w.clock.now().getTime() - 355 * 86_400_000).toISOString();
    const plan = await planStep(w.deps, {
      step: 'completeness-check',
      dossierId: d.id,
      generation: 1,
      executionName: 'x',
      executionStartedAt: startedLongAgo,
    });
    expect(plan.handOver).toBe(true);
  });
});

describe('createTask', () => {
  it('stores the task with its token, makes it the step’s task, notes it and notifies the assignee — once per token', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const input = {
      taskToken: 'token-1',
      dossierId: d.id,
      generation: 1,
      executionName: 'x',
      step: 'completeness-check',
      dueAt: '2026-03-20T22:59:59.999Z',
      timeoutSeconds: 3600,
    };
    const { taskId } = await createTask(w.deps, input);
    expect(await w.stores.tasks.getForDecision(taskId)).toMatchObject({
      taskToken: 'token-1',
      task: { status: 'open', role: 'service-instructeur' },
    });
    expect(workflowOf(await w.dossier(d.id)).steps['completeness-check']?.taskId).toBe(taskId);
    expect((await w.stores.timeline.list(d.id)).slice(-2).map((e) => e.type)).toEqual(['task-opened', 'email-queued']);
    expect(await w.stores.outbox.get(`task-assigned#${taskId}`)).toMatchObject({ kind: 'task-assigned', status: 'pending' });
    const snapshot = await w.snapshot(d.id);
    expect(await createTask(w.deps, input)).toEqual({ taskId });
    expect(await w.snapshot(d.id)).toEqual(snapshot);
  });

  it('closes the task an earlier execution left open on the step (a hand-over)', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    const old = await w.open(d.id, 'completeness-check');
    const renewed = await w.open(d.id, 'completeness-check');
    expect(await w.stores.tasks.get(old.id)).toMatchObject({ status: 'expired' });
    expect(renewed.status).toBe('open');
  });

  it('wakes the execution monitor at once when events wait', async () => {
    const { w, d, cp } = await favourableCpDecided();
    await w.act('commit-envelope', d.id, { decision: cp });
    await w.act('record-cp-favourable', d.id, { decision: cp });
    await w.act('draft-convention', d.id);
    await w.act('record-convention-signed', d.id, {
      decision: await w.decided(d.id, 'convention-signature', 'signed', { signedOn: '2026-03-02' }),
    });
    await w.act('start-operation', d.id);
    const monitor = await w.open(d.id, 'operation-monitor');
    // An event queued while the monitor is open wakes it (a decision handed over).
    await queueExecutionEvent(w.deps, d.id, 'key-1', { type: 'comite-scheduled', comiteDate: '2026-06-15' });
    expect(await w.stores.tasks.get(monitor.id)).toMatchObject({ status: 'decided', decision: 'wake' });
    // The next monitor task finds an event still waiting: woken as soon as it is created.
    const next = await w.open(d.id, 'operation-monitor');
    expect(await w.stores.tasks.get(next.id)).toMatchObject({ status: 'decided', decision: 'wake' });
  });
});

describe('DossierChange', () => {
  it('changes a copy of the workflow state: the dossier it read stays as it was', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    await w.open(d.id, 'completeness-check');
    const read = await w.dossier(d.id);
    const before = structuredClone(read);
    const change = new DossierChange(read, w.deps.clock);
    expect(change.isEmpty).toBe(true);
    change.workflow.steps['completeness-check']!.escalations += 1;
    change.workflow.controls.push({ id: 'c1', kind: 'sur-pieces', on: '2026-03-03', actor: 'a' } as never);
    expect(change.isEmpty).toBe(false);
    expect(read).toEqual(before);
    // The state validated once per dossier object read, the change's copy apart from it.
    expect(workflowOf(read)).toBe(workflowOf(read));
    expect(workflowOf(read)).toEqual(workflowOf(before));
    expect(workflowOf(structuredClone(read))).not.toBe(workflowOf(read));
  });
});

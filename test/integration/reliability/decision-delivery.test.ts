/**
 * Nothing lost between a decision and its execution: a decision recorded while Step Functions does
 * not answer stays on the queue of decisions to confirm and is handed over later; a decision
 * delivered leaves it in the commit of the action that applies it (or, its execution no longer
 * waiting, at the next confirmation), without being handed over twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, redeliverDecisions } from '#domain/workflow/decide.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { executionArnOf } from '#infra/local/stepfunctions/arns.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';
import { executionName } from '#workflows/asl.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-03-02');
});
afterAll(async () => {
  await h?.close();
});

/** The decision committed, its SendTaskSuccess failing (a crash between the two): left on the queue of decisions to confirm. */
async function decideWhileSendTaskSuccessFails(taskId: string): Promise<void> {
  const down: EngineDeps = {
    ...h.platform.deps,
    engine: { ...h.platform.deps.engine, sendTaskSuccess: () => Promise.reject(new Error('killed')) },
  };
  await expect(decide(down, { taskId, decision: 'complete', actor: 'instructeur-1' })).rejects.toThrow('killed');
}

describe('decision delivery', () => {
  it('a decision whose SendTaskSuccess failed is delivered by the next redelivery, once', async () => {
    const d = await h.submit();
    const task = await h.openTask(d.id, 'completeness-check');
    const down: EngineDeps = {
      ...h.platform.deps,
      engine: {
        ...h.platform.deps.engine,
        sendTaskSuccess: async () => {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8083'), { name: 'Error' });
        },
      },
    };
    await expect(decide(down, { taskId: task.id, decision: 'complete', actor: 'instructeur-1' })).rejects.toThrow(/ECONNREFUSED/);
    await h.settle();
    expect((await h.dossier(d.id)).status).toBe('completeness-check');
    expect((await h.platform.deps.tasks.listUnconfirmedDecisions(h.clock.now(), 10)).map((t) => t.taskId)).toEqual([task.id]);
    // Not before its grace period (the API call may still be delivering it).
    expect(await redeliverDecisions(h.platform.deps)).toBe(0);
    h.clock.advance(61_000);
    expect(await redeliverDecisions(h.platform.deps)).toBe(1);
    await h.settle();
    expect((await h.dossier(d.id)).status).toBe('chief-validation');
    expect(await h.platform.deps.tasks.listUnconfirmedDecisions(h.clock.now(), 10)).toEqual([]);
    expect(await redeliverDecisions(h.platform.deps)).toBe(0);
  });

  it('without grace, a decision recorded at this very instant is handed over (the clock has not moved since)', async () => {
    const d = await h.submit();
    const task = await h.openTask(d.id, 'completeness-check');
    await decideWhileSendTaskSuccessFails(task.id);
    expect(await redeliverDecisions(h.platform.deps, 0)).toBe(1);
    await h.settle();
    expect((await h.dossier(d.id)).status).toBe('chief-validation');
  });

  it('a delivered decision leaves the queue in the commit of the action that applies it, and is not handed over again', async () => {
    const d = await h.submit({ mutate: (s) => (s.participantsPlanned = 41) });
    const task = await h.openTask(d.id, 'completeness-check');
    await h.act(d.id, 'completeness-check', 'complete');
    await h.settle();
    h.clock.advance(61_000);
    expect((await h.platform.deps.tasks.listUnconfirmedDecisions(h.clock.now(), 10)).map((t) => t.taskId)).not.toContain(task.id);
    const before = await h.timelineTypes(d.id);
    expect(await redeliverDecisions(h.platform.deps)).toBe(0);
    await h.settle();
    expect(await h.timelineTypes(d.id)).toEqual(before);
    expect((await h.dossier(d.id)).status).toBe('chief-validation');
  });

  it('a decision its execution no longer waits for (stopped) leaves the queue at the next confirmation, without being handed over', async () => {
    const d = await h.submit();
    const task = await h.openTask(d.id, 'completeness-check');
    await decideWhileSendTaskSuccessFails(task.id);
    const arn = executionArnOf(h.platform.machineArns.instruction, executionName(d.id, 'instruction'));
    await h.platform.runtime.stopExecution({ executionArn: arn });
    h.clock.advance(61_000);
    expect((await h.platform.deps.tasks.listUnconfirmedDecisions(h.clock.now(), 10)).map((t) => t.taskId)).toContain(task.id);
    expect(await redeliverDecisions(h.platform.deps)).toBe(0);
    expect((await h.platform.deps.tasks.listUnconfirmedDecisions(h.clock.now(), 10)).map((t) => t.taskId)).not.toContain(task.id);
    expect((await h.dossier(d.id)).status).toBe('completeness-check');
  });
});

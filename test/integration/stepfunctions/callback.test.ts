import { afterEach, describe, expect, it } from 'vitest';
import type { LocalStepFunctions } from '#infra/local/stepfunctions/index.ts';
import { SfnApiError } from '#infra/local/stepfunctions/index.ts';
import { eventually, fixture, startTestRuntime, type TestRuntime } from './harness.ts';

interface TaskPayload {
  taskToken: string;
  dossierId: string;
  executionName: string;
  timeoutSeconds: number;
}

const HOUR = 3600;

let current: TestRuntime | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(SfnApiError);
    return (error as SfnApiError).code;
  }
  throw new Error('the call succeeded');
}

/** A runtime with the callback-decision machine; `answer` lets the create-task function answer at once. */
async function decisionRuntime(
  options: {
    timeoutSeconds?: number;
    answer?: (rt: LocalStepFunctions, task: TaskPayload) => Promise<void>;
    parkedRunMaxAgeMs?: number;
  } = {},
) {
  const tasks: TaskPayload[] = [];
  const applied: unknown[] = [];
  const t = await startTestRuntime({
    functions: {
      'plan-step': async () => ({ timeoutSeconds: options.timeoutSeconds ?? 48 * HOUR }),
      'create-task': async (payload) => {
        tasks.push(payload as TaskPayload);
        if (options.answer) await options.answer(t.runtime, payload as TaskPayload);
        return { taskId: `task-${tasks.length}` };
      },
      'apply-decision': async (payload) => {
        applied.push(payload);
        return { appliedAt: t.clock.now().toISOString() };
      },
    },
    machines: { decision: fixture('callback-decision') },
    ...(options.parkedRunMaxAgeMs !== undefined ? { parkedRunMaxAgeMs: options.parkedRunMaxAgeMs } : {}),
  });
  current = t;
  const start = async (name: string) => {
    const { executionArn } = await t.runtime.startExecution({
      stateMachineArn: t.arns.decision as string,
      name,
      input: JSON.stringify({ dossierId: name }),
    });
    await t.runtime.idle();
    return executionArn;
  };
  const outputOf = async (executionArn: string) => JSON.parse((await t.runtime.describeExecution({ executionArn })).output as string);
  return { ...t, tasks, applied, start, outputOf };
}

describe('callback tasks (.waitForTaskToken)', () => {
  it('parks until SendTaskSuccess; the output goes to ResultPath and the Choice routes on it', async () => {
    const t = await decisionRuntime();
    const executionArn = await t.start('D-100');

    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('RUNNING');
    expect(t.tasks).toHaveLength(1);
    const task = t.tasks[0] as TaskPayload;
    expect(task).toMatchObject({ dossierId: 'D-100', executionName: 'D-100', timeoutSeconds: 48 * HOUR });
    expect(task.taskToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    t.clock.advance(2 * HOUR * 1000);
    await t.runtime.sendTaskSuccess({ taskToken: task.taskToken, output: JSON.stringify({ verdict: 'approve', by: 'chef-slai' }) });
    await t.runtime.idle();

    const description = await t.runtime.describeExecution({ executionArn });
    expect(description.status).toBe('SUCCEEDED');
    expect(await t.outputOf(executionArn)).toEqual({
      dossierId: 'D-100',
      plan: { timeoutSeconds: 48 * HOUR },
      decision: { verdict: 'approve', by: 'chef-slai' },
      applied: { appliedAt: '2026-03-02T10:00:00.000Z' },
    });
    const types = (await t.runtime.getExecutionHistory({ executionArn })).events.map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('keeps a parked run for a prompt answer only: past its max age the run is dropped and the execution resumes cold, to the same end', async () => {
    // 3 s: long enough that a loaded CI machine answers D-WARM before its run ages out.
    const t = await decisionRuntime({ parkedRunMaxAgeMs: 3_000 });
    const warm = await t.start('D-WARM');
    const cold = await t.start('D-COLD');
    expect(t.runtime.parkedRunCount()).toBe(2);
    const answer = async (i: number) => {
      await t.runtime.sendTaskSuccess({ taskToken: (t.tasks[i] as TaskPayload).taskToken, output: '{"verdict":"approve","by":"chef"}' });
      await t.runtime.idle();
    };
    await answer(0);
    expect(t.runtime.parkedRunCount()).toBe(1); // D-WARM resumed its run, which ended
    await eventually(() => t.runtime.parkedRunCount() === 0 || undefined, 10_000);
    await answer(1);

    const { dossierId: _w, ...warmOutput } = await t.outputOf(warm);
    const { dossierId: _c, ...coldOutput } = await t.outputOf(cold);
    expect(coldOutput).toEqual(warmOutput);
    const shape = async (executionArn: string) =>
      (await t.runtime.getExecutionHistory({ executionArn })).events.map((e) => [e.type, e.id, e.previousEventId]);
    expect(await shape(cold)).toEqual(await shape(warm));
    expect(t.applied).toHaveLength(2);
  });

  it('routes the other answer to the other branch', async () => {
    const t = await decisionRuntime();
    const executionArn = await t.start('D-101');
    await t.runtime.sendTaskSuccess({ taskToken: (t.tasks[0] as TaskPayload).taskToken, output: '{"verdict":"reject"}' });
    await t.runtime.idle();
    expect((await t.outputOf(executionArn)).outcome).toBe('refused');
    expect(t.applied).toHaveLength(0);
  });

  it('times out after TimeoutSecondsPath seconds by the clock, caught as States.Timeout; the token is then refused', async () => {
    const t = await decisionRuntime({ timeoutSeconds: 10 * 24 * HOUR });
    const executionArn = await t.start('D-102');
    const token = (t.tasks[0] as TaskPayload).taskToken;

    t.clock.advance(10 * 24 * HOUR * 1000 - 1);
    expect(await t.runtime.runDueTimers()).toBe(0);
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('RUNNING');

    t.clock.advance(1);
    expect(await t.runtime.runDueTimers()).toBe(1);
    const output = await t.outputOf(executionArn);
    expect(output.outcome).toBe('expired');
    expect(output.timeout.Error).toBe('States.Timeout');
    expect(await codeOf(t.runtime.sendTaskSuccess({ taskToken: token, output: '{"verdict":"approve"}' }))).toBe('TaskTimedOut');
    const { events } = await t.runtime.getExecutionHistory({ executionArn });
    expect(events.find((e) => e.type === 'TaskTimedOut')).toMatchObject({ taskTimedOutEventDetails: { error: 'States.Timeout' } });
  });

  it('fails the state with the error of SendTaskFailure: caught by its name', async () => {
    const t = await decisionRuntime();
    const executionArn = await t.start('D-103');
    await t.runtime.sendTaskFailure({
      taskToken: (t.tasks[0] as TaskPayload).taskToken,
      error: 'Decision.Withdrawn',
      cause: 'the porteur withdrew',
    });
    await t.runtime.idle();
    const output = await t.outputOf(executionArn);
    expect(output.outcome).toBe('withdrawn');
    expect(output.withdrawal).toEqual({ Error: 'Decision.Withdrawn', Cause: 'the porteur withdrew' });
  });

  it('fails the execution with the error of SendTaskFailure when nothing catches it', async () => {
    const t = await decisionRuntime();
    const executionArn = await t.start('D-104');
    await t.runtime.sendTaskFailure({
      taskToken: (t.tasks[0] as TaskPayload).taskToken,
      error: 'Instructor.Unavailable',
      cause: 'nobody on duty',
    });
    await t.runtime.idle();
    expect(await t.runtime.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'Instructor.Unavailable',
      cause: 'nobody on duty',
    });
  });

  it('lets exactly one of two concurrent SendTaskSuccess win; the other gets TaskTimedOut and nothing moves twice', async () => {
    const t = await decisionRuntime();
    const executionArn = await t.start('D-105');
    const token = (t.tasks[0] as TaskPayload).taskToken;
    const results = await Promise.allSettled([
      t.runtime.sendTaskSuccess({ taskToken: token, output: '{"verdict":"approve"}' }),
      t.runtime.sendTaskSuccess({ taskToken: token, output: '{"verdict":"reject"}' }),
    ]);
    await t.runtime.idle();
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as SfnApiError).code).toBe('TaskTimedOut');
    const { events } = await t.runtime.getExecutionHistory({ executionArn });
    expect(
      events.filter(
        (e) => e.type === 'TaskSucceeded' && (e.taskSucceededEventDetails as { resource: string }).resource === 'invoke.waitForTaskToken',
      ),
    ).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ChoiceStateEntered')).toHaveLength(1);
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
  });

  it('refuses an unknown token (InvalidToken), an output that is not JSON (InvalidOutput), a token of a closed execution (TaskTimedOut)', async () => {
    const t = await decisionRuntime();
    await t.start('D-106');
    const token = (t.tasks[0] as TaskPayload).taskToken;
    expect(await codeOf(t.runtime.sendTaskSuccess({ taskToken: 'A'.repeat(43), output: '{}' }))).toBe('InvalidToken');
    expect(await codeOf(t.runtime.sendTaskSuccess({ taskToken: 'not a token', output: '{}' }))).toBe('InvalidToken');
    expect(await codeOf(t.runtime.sendTaskFailure({ taskToken: 'A'.repeat(43) }))).toBe('InvalidToken');
    expect(await codeOf(t.runtime.sendTaskSuccess({ taskToken: token, output: '{verdict: approve}' }))).toBe('InvalidOutput');
    await t.runtime.sendTaskSuccess({ taskToken: token, output: '{"verdict":"approve"}' });
    await t.runtime.idle();
    expect(await codeOf(t.runtime.sendTaskFailure({ taskToken: token, error: 'Late' }))).toBe('TaskTimedOut');
    expect(await codeOf(t.runtime.sendTaskHeartbeat({ taskToken: token }))).toBe('TaskTimedOut');
  });

  it('accepts an answer sent by the callback function itself, before the execution is parked', async () => {
    const t = await decisionRuntime({
      answer: (rt, task) => rt.sendTaskSuccess({ taskToken: task.taskToken, output: '{"verdict":"approve"}' }),
    });
    const executionArn = await t.start('D-107');
    await t.runtime.idle();
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    expect(t.applied).toHaveLength(1);
  });

  it('retries the callback task (its function failed, or the answer was a retryable error) with a new token', async () => {
    let failNextCall = true;
    const t = await decisionRuntime({
      answer: async () => {
        if (!failNextCall) return;
        failNextCall = false;
        throw Object.assign(new Error('throttled'), { name: 'Lambda.ServiceException' });
      },
    });
    const executionArn = await t.start('D-108');
    expect(t.tasks).toHaveLength(2);
    const [failed, asked] = t.tasks.map((task) => task.taskToken) as [string, string];
    expect(asked).not.toBe(failed);
    expect(await codeOf(t.runtime.sendTaskSuccess({ taskToken: failed, output: '{"verdict":"approve"}' }))).toBe('TaskTimedOut');

    await t.runtime.sendTaskFailure({ taskToken: asked, error: 'Decision.AskAgain', cause: 'incomplete file' });
    await t.runtime.idle();
    expect(t.tasks).toHaveLength(3);
    const third = (t.tasks[2] as TaskPayload).taskToken;
    expect(new Set([failed, asked, third]).size).toBe(3);
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('RUNNING');

    await t.runtime.sendTaskSuccess({ taskToken: third, output: '{"verdict":"approve"}' });
    await t.runtime.idle();
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    expect(t.applied).toHaveLength(1);
  });

  it('counts the Retry attempts of a callback task across its answers (MaxAttempts spans resumes)', async () => {
    const t = await decisionRuntime();
    const executionArn = await t.start('D-109');
    for (const round of [1, 2, 3]) {
      expect(t.tasks).toHaveLength(round);
      await t.runtime.sendTaskFailure({
        taskToken: (t.tasks[round - 1] as TaskPayload).taskToken,
        error: 'Decision.AskAgain',
        cause: `round ${round}`,
      });
      await t.runtime.idle();
    }
    expect(t.tasks).toHaveLength(3); // MaxAttempts 2: the third AskAgain is not retried
    expect(await t.runtime.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'Decision.AskAgain',
      cause: 'round 3',
    });
  });

  it('times out on HeartbeatSeconds unless heartbeats come (States.HeartbeatTimeout)', async () => {
    const tokens: string[] = [];
    const t = await startTestRuntime({
      functions: {
        'create-task': async (payload) => {
          tokens.push((payload as TaskPayload).taskToken);
          return {};
        },
      },
      machines: { heartbeat: fixture('heartbeat') },
    });
    current = t;
    const { executionArn } = await t.runtime.startExecution({ stateMachineArn: t.arns.heartbeat as string, name: 'worker-1' });
    await t.runtime.idle();
    const token = tokens[0] as string;

    t.clock.advance(50 * 60 * 1000);
    await t.runtime.sendTaskHeartbeat({ taskToken: token });
    t.clock.advance(50 * 60 * 1000); // 100 min after entering, 50 min after the heartbeat
    await t.runtime.runDueTimers();
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('RUNNING');

    t.clock.advance(10 * 60 * 1000); // 60 min after the heartbeat
    await t.runtime.runDueTimers();
    const description = await t.runtime.describeExecution({ executionArn });
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output as string)).toMatchObject({ outcome: 'stalled', stall: { Error: 'States.HeartbeatTimeout' } });
  });
});

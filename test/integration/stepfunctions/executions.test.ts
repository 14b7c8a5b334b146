import { afterEach, describe, expect, it } from 'vitest';
import { SfnApiError } from '#infra/local/stepfunctions/index.ts';
import { DAY, fixture, startTestRuntime, type TestRuntime } from './harness.ts';

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

async function decisionRuntime(timeoutSeconds = 48 * 3600) {
  const tokens: string[] = [];
  const t = await startTestRuntime({
    functions: {
      'plan-step': async () => ({ timeoutSeconds }),
      'create-task': async (payload) => {
        tokens.push((payload as { taskToken: string }).taskToken);
        return {};
      },
      'apply-decision': async () => ({ appliedAt: 'now' }),
    },
    machines: { decision: fixture('callback-decision') },
  });
  current = t;
  return { ...t, tokens, arn: t.arns.decision as string };
}

describe('executions', () => {
  it('StartExecution is idempotent by name: same name and input while RUNNING → the same execution', async () => {
    const t = await decisionRuntime();
    const input = JSON.stringify({ dossierId: 'D-1' });
    const first = await t.runtime.startExecution({ stateMachineArn: t.arn, name: 'D-1-instruction-1', input });
    await t.runtime.idle();
    t.clock.advance(60_000);
    const again = await t.runtime.startExecution({ stateMachineArn: t.arn, name: 'D-1-instruction-1', input });
    expect(again).toEqual(first);
    expect(first.executionArn).toBe('arn:aws:states:eu-west-3:000000000000:execution:decision:D-1-instruction-1');
    await t.runtime.idle();
    expect(t.tokens).toHaveLength(1);

    expect(
      await codeOf(t.runtime.startExecution({ stateMachineArn: t.arn, name: 'D-1-instruction-1', input: '{"dossierId":"other"}' })),
    ).toBe('ExecutionAlreadyExists');

    await t.runtime.sendTaskSuccess({ taskToken: t.tokens[0] as string, output: '{"verdict":"reject"}' });
    await t.runtime.idle();
    expect(await codeOf(t.runtime.startExecution({ stateMachineArn: t.arn, name: 'D-1-instruction-1', input }))).toBe(
      'ExecutionAlreadyExists',
    );
  });

  it('refuses an unknown state machine, a bad name, an input that is not JSON', async () => {
    const t = await decisionRuntime();
    expect(await codeOf(t.runtime.startExecution({ stateMachineArn: 'arn:aws:states:eu-west-3:000000000000:stateMachine:nope' }))).toBe(
      'StateMachineDoesNotExist',
    );
    expect(await codeOf(t.runtime.startExecution({ stateMachineArn: t.arn, name: 'has space' }))).toBe('InvalidName');
    expect(await codeOf(t.runtime.startExecution({ stateMachineArn: t.arn, input: '{oops' }))).toBe('InvalidExecutionInput');
    expect(
      await codeOf(t.runtime.describeExecution({ executionArn: 'arn:aws:states:eu-west-3:000000000000:execution:decision:nope' })),
    ).toBe('ExecutionDoesNotExist');
  });

  it('StopExecution aborts a parked execution; its token is refused afterwards and its timers do nothing', async () => {
    const t = await decisionRuntime(3600);
    const { executionArn } = await t.runtime.startExecution({ stateMachineArn: t.arn, name: 'D-2', input: '{"dossierId":"D-2"}' });
    await t.runtime.idle();
    t.clock.advance(60_000);
    const { stopDate } = await t.runtime.stopExecution({ executionArn, error: 'Dossier.Withdrawn', cause: 'withdrawn by the porteur' });

    expect(stopDate.toISOString()).toBe('2026-03-02T08:01:00.000Z');
    expect(await t.runtime.describeExecution({ executionArn })).toMatchObject({
      status: 'ABORTED',
      error: 'Dossier.Withdrawn',
      cause: 'withdrawn by the porteur',
      stopDate,
    });
    expect(await codeOf(t.runtime.sendTaskSuccess({ taskToken: t.tokens[0] as string, output: '{"verdict":"approve"}' }))).toBe(
      'TaskTimedOut',
    );

    t.clock.advance(2 * 3600 * 1000);
    await t.runtime.runDueTimers();
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('ABORTED');
    const { events } = await t.runtime.getExecutionHistory({ executionArn });
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Dossier.Withdrawn' } });
    expect(events.some((e) => e.type === 'TaskTimedOut')).toBe(false);
  });

  it('times out an execution still RUNNING 365 days after its start (Standard workflow limit)', async () => {
    const t = await decisionRuntime(400 * 24 * 3600);
    const { executionArn } = await t.runtime.startExecution({ stateMachineArn: t.arn, name: 'D-3', input: '{"dossierId":"D-3"}' });
    await t.runtime.idle();

    t.clock.advance(365 * DAY - 1);
    await t.runtime.runDueTimers();
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('RUNNING');

    t.clock.advance(1);
    await t.runtime.runDueTimers();
    const description = await t.runtime.describeExecution({ executionArn });
    expect(description).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(description.stopDate?.toISOString()).toBe('2027-03-02T08:00:00.000Z');
    expect(await codeOf(t.runtime.sendTaskSuccess({ taskToken: t.tokens[0] as string, output: '{"verdict":"approve"}' }))).toBe(
      'TaskTimedOut',
    );
    expect((await t.runtime.getExecutionHistory({ executionArn })).events.at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('fails an execution whose history reaches 25,000 events, as AWS does', async () => {
    const t = await startTestRuntime({ functions: {}, machines: { endless: fixture('endless') } });
    current = t;
    const { executionArn } = await t.runtime.startExecution({ stateMachineArn: t.arns.endless as string, name: 'endless-1' });
    await t.runtime.idle();
    expect(await t.runtime.describeExecution({ executionArn })).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    const events: unknown[] = [];
    let nextToken: string | undefined;
    do {
      const page = await t.runtime.getExecutionHistory({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(events).toHaveLength(25_000);
    expect((events.at(-1) as { type: string }).type).toBe('ExecutionFailed');
  });

  it('lists the executions of a machine, newest first, by status', async () => {
    const t = await decisionRuntime();
    await t.runtime.startExecution({ stateMachineArn: t.arn, name: 'first', input: '{"dossierId":"a"}' });
    t.clock.advance(1000);
    const second = await t.runtime.startExecution({ stateMachineArn: t.arn, name: 'second', input: '{"dossierId":"b"}' });
    await t.runtime.idle();
    await t.runtime.stopExecution({ executionArn: second.executionArn });

    expect((await t.runtime.listExecutions({ stateMachineArn: t.arn })).executions.map((e) => [e.name, e.status])).toEqual([
      ['second', 'ABORTED'],
      ['first', 'RUNNING'],
    ]);
    expect((await t.runtime.listExecutions({ stateMachineArn: t.arn, statusFilter: 'RUNNING' })).executions.map((e) => e.name)).toEqual([
      'first',
    ]);
    const page = await t.runtime.listExecutions({ stateMachineArn: t.arn, maxResults: 1 });
    expect(page.executions.map((e) => e.name)).toEqual(['second']);
    const next = await t.runtime.listExecutions({ stateMachineArn: t.arn, maxResults: 1, nextToken: page.nextToken as string });
    expect(next.executions.map((e) => e.name)).toEqual(['first']);
    expect(next.nextToken).toBeUndefined();
  });
});

describe('execution chains (states:startExecution)', () => {
  async function chainRuntime() {
    const childPayloads: unknown[] = [];
    const t = await startTestRuntime({
      functions: {
        prepare: async () => ({}),
        'child-work': async (payload) => {
          childPayloads.push(payload);
          return { done: true };
        },
      },
    });
    current = t;
    const childArn = t.runtime.registerStateMachine('chain-child', fixture('chain-child'));
    const parentArn = t.runtime.registerStateMachine('chain-parent', fixture('chain-parent', { ChildStateMachineArn: childArn }));
    return { ...t, childArn, parentArn, childPayloads };
  }

  it('starts the next execution with the given name and input, and goes on without waiting for it', async () => {
    const t = await chainRuntime();
    const parent = await t.runtime.startExecution({
      stateMachineArn: t.parentArn,
      name: 'D-9-instruction-1',
      input: '{"dossierId":"D-9"}',
    });
    await t.runtime.idle();

    const childExecutionArn = `${t.childArn.replace(':stateMachine:', ':execution:')}:D-9-child-1`;
    const parentOutput = JSON.parse((await t.runtime.describeExecution(parent)).output as string);
    expect(parentOutput.child).toEqual({ childArn: childExecutionArn });
    const child = await t.runtime.describeExecution({ executionArn: childExecutionArn });
    expect(child.status).toBe('SUCCEEDED');
    expect(JSON.parse(child.input as string)).toEqual({
      dossierId: 'D-9',
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parent.executionArn,
    });
    expect(t.childPayloads).toEqual([{ dossierId: 'D-9', startedBy: parent.executionArn }]);
  });

  it('reports a closed execution of the same name as StepFunctions.ExecutionAlreadyExistsException (catchable)', async () => {
    const t = await chainRuntime();
    await t.runtime.startExecution({ stateMachineArn: t.parentArn, name: 'D-10-a', input: '{"dossierId":"D-10"}' });
    await t.runtime.idle();
    const again = await t.runtime.startExecution({ stateMachineArn: t.parentArn, name: 'D-10-b', input: '{"dossierId":"D-10"}' });
    await t.runtime.idle();
    const output = JSON.parse((await t.runtime.describeExecution(again)).output as string);
    expect(output.childError.Error).toBe('StepFunctions.ExecutionAlreadyExistsException');
    expect(t.childPayloads).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { fixture, startTestRuntime, type TestRuntime } from './harness.ts';

function serviceException(message: string): Error {
  return Object.assign(new Error(message), { name: 'Lambda.ServiceException' });
}

let current: TestRuntime | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function run(functions: Parameters<typeof startTestRuntime>[0]['functions'], input: unknown) {
  const t = await startTestRuntime({ functions, machines: { 'lambda-retry-catch': fixture('lambda-retry-catch') } });
  current = t;
  const { executionArn } = await t.runtime.startExecution({
    stateMachineArn: t.arns['lambda-retry-catch'] as string,
    name: 'dossier-7-instruction-1',
    input: JSON.stringify(input),
  });
  await t.runtime.idle();
  return { t, executionArn, description: await t.runtime.describeExecution({ executionArn }) };
}

describe('lambda tasks', () => {
  it('retries a Lambda service error, then gives the function the payload and the context an AWS execution would', async () => {
    const payloads: unknown[] = [];
    let calls = 0;
    const { description, t } = await run(
      {
        'flaky-fetch': async (payload) => {
          calls += 1;
          payloads.push(payload);
          if (calls < 3) throw serviceException('Rate exceeded');
          return { amount: 1200, attempt: calls };
        },
        'check-amount': async () => ({ verdict: 'ok' }),
      },
      { dossierId: 'D-7' },
    );

    expect(calls).toBe(3);
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output as string)).toEqual({
      dossierId: 'D-7',
      fetched: { amount: 1200, attempt: 3, statusCode: 200 },
      check: { verdict: 'ok' },
    });
    expect(payloads[2]).toEqual({
      dossierId: 'D-7',
      executionName: 'dossier-7-instruction-1',
      executionStartedAt: '2026-03-02T08:00:00.000Z',
      executionInput: { dossierId: 'D-7' },
      stateMachineId: t.arns['lambda-retry-catch'],
    });
  });

  it('fails the execution with the Lambda error once the retries are spent', async () => {
    let calls = 0;
    const { description, t, executionArn } = await run(
      {
        'flaky-fetch': async () => {
          calls += 1;
          throw serviceException('still down');
        },
        'check-amount': async () => ({ verdict: 'ok' }),
      },
      { dossierId: 'D-8' },
    );

    expect(calls).toBe(4); // 1 + MaxAttempts 3
    expect(description.status).toBe('FAILED');
    expect(description.error).toBe('Lambda.ServiceException');
    expect(JSON.parse(description.cause as string)).toEqual({ errorMessage: 'still down', errorType: 'Lambda.ServiceException' });
    const { events } = await t.runtime.getExecutionHistory({ executionArn });
    expect(events.filter((e) => e.type === 'TaskFailed')).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Lambda.ServiceException' } });
  });

  it('catches a domain error by its name and puts Error and Cause at the ResultPath', async () => {
    const { description, t, executionArn } = await run(
      {
        'flaky-fetch': async () => ({ amount: -5, attempt: 1 }),
        'check-amount': async (payload) => {
          const error = new Error(`amount ${(payload as { amount: number }).amount} is negative`);
          error.name = 'AmountRejected';
          throw error;
        },
      },
      { dossierId: 'D-9' },
    );

    expect(description.status).toBe('SUCCEEDED');
    const output = JSON.parse(description.output as string);
    expect(output.rejectedWith).toBe('AmountRejected');
    expect(JSON.parse(output.cause)).toEqual({ errorMessage: 'amount -5 is negative', errorType: 'AmountRejected' });
    const { events } = await t.runtime.getExecutionHistory({ executionArn });
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('fails with Lambda.ResourceNotFoundException when no local function has the name', async () => {
    const { description } = await run({ 'check-amount': async () => ({ verdict: 'ok' }) }, { dossierId: 'D-10' });
    expect(description.status).toBe('FAILED');
    expect(description.error).toBe('Lambda.ResourceNotFoundException');
  });
});

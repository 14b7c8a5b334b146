/**
 * The platform's own SFNClient reaches the runtime in-process (in-process-client.ts): the same
 * answers as over HTTP, dates and errors as the SDK makes them (its exception classes, their
 * fields), for every kind of answer the project's calls meet.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { inProcessSfnClient, startStepFunctionsHttpServer, type StepFunctionsHttpServer } from '#infra/local/stepfunctions/index.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { startDecisionRuntime, type TestRuntime } from './harness.ts';

let t: TestRuntime & { arns: Record<string, string> };
let server: StepFunctionsHttpServer;
let overHttp: SFNClient;
let inProcess: SFNClient;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await startDecisionRuntime(tokens);
  server = await startStepFunctionsHttpServer(t.runtime);
  overHttp = new SFNClient({ endpoint: server.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
  inProcess = inProcessSfnClient(t.runtime, region);
});

afterAll(async () => {
  overHttp?.destroy();
  inProcess?.destroy();
  await server?.close();
  await t?.close();
});

async function outcome(call: Promise<unknown>): Promise<unknown> {
  try {
    return { value: await call };
  } catch (error) {
    const { name, message, $fault, $metadata } = error as {
      name: string;
      message: string;
      $fault: string;
      $metadata: { httpStatusCode?: number };
    };
    return { error, name, message, $fault, status: $metadata.httpStatusCode };
  }
}

describe('the in-process SFNClient', () => {
  it('runs a callback scenario and answers what HTTP answers', async () => {
    // The SDK warns when its request body's string methods are used (JsonCodec2): none is.
    const warn = vi.spyOn(console, 'warn');
    const start = (client: SFNClient, name: string) =>
      client.send(new StartExecutionCommand({ stateMachineArn: t.arns.decision, name, input: JSON.stringify({ dossierId: name }) }));
    const started = await start(inProcess, 'D-700');
    expect(started.startDate).toEqual(new Date('2026-03-02T08:00:00.000Z'));
    expect(await start(inProcess, 'D-700')).toEqual(await start(overHttp, 'D-700'));
    await t.runtime.idle();
    const describe = (client: SFNClient) => client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect((await describe(inProcess)).status).toBe('RUNNING');
    const { $metadata: _a, ...viaInProcess } = await describe(inProcess);
    const { $metadata: _b, ...viaHttp } = await describe(overHttp);
    expect(viaInProcess).toEqual(viaHttp);

    await inProcess.send(new SendTaskSuccessCommand({ taskToken: tokens.get('D-700')!, output: JSON.stringify({ verdict: 'approve' }) }));
    await t.runtime.idle();
    expect((await describe(inProcess)).status).toBe('SUCCEEDED');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it.each([
    ['a token answered already', () => new SendTaskSuccessCommand({ taskToken: tokens.get('D-700')!, output: '{}' }), TaskTimedOut],
    ['an unknown token', () => new SendTaskSuccessCommand({ taskToken: 'B'.repeat(43), output: '{}' }), InvalidToken],
    [
      'a name taken with another input',
      () => new StartExecutionCommand({ stateMachineArn: t.arns.decision, name: 'D-700', input: '{"dossierId":"other"}' }),
      ExecutionAlreadyExists,
    ],
    [
      'an unknown execution',
      () => new DescribeExecutionCommand({ executionArn: `${t.arns.decision!.replace(':stateMachine:', ':execution:')}:D-nope` }),
      ExecutionDoesNotExist,
    ],
    ['an unknown state machine', () => new StartExecutionCommand({ stateMachineArn: `${t.arns.decision}-nope` }), StateMachineDoesNotExist],
  ])('refuses %s with the SDK exception HTTP gives', async (_, command, type) => {
    const [viaInProcess, viaHttp] = [await outcome(inProcess.send(command() as never)), await outcome(overHttp.send(command() as never))];
    expect((viaInProcess as { error: unknown }).error).toBeInstanceOf(type);
    const { error: _a, ...a } = viaInProcess as Record<string, unknown>;
    const { error: _b, ...b } = viaHttp as Record<string, unknown>;
    expect(a).toEqual(b);
  });
});

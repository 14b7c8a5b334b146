/**
 * The platform's own Step Functions client reaches the runtime in-process (in-process-client.ts):
 * the functions' client (adapters/aws/stepfunctions.ts) answered without a socket gives what the
 * same client gives over HTTP (signed), and its errors carry the names and messages the AWS SDK
 * reads from the same endpoint (the reference the adapters were written against).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AwsServiceError } from '#adapters/aws/client.ts';
import { type StepFunctions, stepFunctions } from '#adapters/aws/stepfunctions.ts';
import { inProcessSfnClient, startStepFunctionsHttpServer, type StepFunctionsHttpServer } from '#infra/local/stepfunctions/index.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { startDecisionRuntime, type TestRuntime } from './harness.ts';

let t: TestRuntime & { arns: Record<string, string> };
let server: StepFunctionsHttpServer;
let overHttp: StepFunctions;
let inProcess: StepFunctions;
let sdk: SFNClient;
const tokens = new Map<string, string>();
const SDK_COMMANDS = {
  SendTaskSuccess: SendTaskSuccessCommand,
  StartExecution: StartExecutionCommand,
  DescribeExecution: DescribeExecutionCommand,
} as const;

beforeAll(async () => {
  t = await startDecisionRuntime(tokens);
  server = await startStepFunctionsHttpServer(t.runtime);
  overHttp = stepFunctions({ endpoint: server.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
  inProcess = inProcessSfnClient(t.runtime, region);
  sdk = new SFNClient({ endpoint: server.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
});

afterAll(async () => {
  sdk?.destroy();
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

describe('the in-process Step Functions client', () => {
  it('runs a callback scenario and answers what HTTP answers', async () => {
    const start = (client: StepFunctions, name: string) =>
      client.call<{ executionArn: string; startDate: number }>('StartExecution', {
        stateMachineArn: t.arns.decision,
        name,
        input: JSON.stringify({ dossierId: name }),
      });
    const started = await start(inProcess, 'D-700');
    expect(new Date(started.startDate * 1000)).toEqual(new Date('2026-03-02T08:00:00.000Z'));
    expect(await start(inProcess, 'D-700')).toEqual(await start(overHttp, 'D-700'));
    await t.runtime.idle();
    const describe = (client: StepFunctions) =>
      client.call<{ status: string }>('DescribeExecution', { executionArn: started.executionArn });
    expect((await describe(inProcess)).status).toBe('RUNNING');
    expect(await describe(inProcess)).toEqual(await describe(overHttp));

    await inProcess.call('SendTaskSuccess', { taskToken: tokens.get('D-700')!, output: JSON.stringify({ verdict: 'approve' }) });
    await t.runtime.idle();
    expect((await describe(inProcess)).status).toBe('SUCCEEDED');
  });

  it.each([
    ['a token answered already', 'SendTaskSuccess', () => ({ taskToken: tokens.get('D-700')!, output: '{}' }), 'TaskTimedOut'],
    ['an unknown token', 'SendTaskSuccess', () => ({ taskToken: 'B'.repeat(43), output: '{}' }), 'InvalidToken'],
    [
      'a name taken with another input',
      'StartExecution',
      () => ({ stateMachineArn: t.arns.decision, name: 'D-700', input: '{"dossierId":"other"}' }),
      'ExecutionAlreadyExists',
    ],
    [
      'an unknown execution',
      'DescribeExecution',
      () => ({ executionArn: `${t.arns.decision!.replace(':stateMachine:', ':execution:')}:D-nope` }),
      'ExecutionDoesNotExist',
    ],
    ['an unknown state machine', 'StartExecution', () => ({ stateMachineArn: `${t.arns.decision}-nope` }), 'StateMachineDoesNotExist'],
  ])('refuses %s as HTTP does, named as the SDK names it', async (_, operation, input, name) => {
    const [viaInProcess, viaHttp] = [await outcome(inProcess.call(operation, input())), await outcome(overHttp.call(operation, input()))];
    expect((viaInProcess as { error: unknown }).error).toBeInstanceOf(AwsServiceError);
    const { error: _a, ...a } = viaInProcess as Record<string, unknown>;
    const { error: _b, ...b } = viaHttp as Record<string, unknown>;
    expect(a).toEqual(b);
    expect(a.name).toBe(name);
    const Command = SDK_COMMANDS[operation as keyof typeof SDK_COMMANDS] as unknown as new (input: never) => never;
    const viaSdk = (await outcome(sdk.send(new Command(input() as never)))) as Record<string, unknown>;
    expect({ name: viaSdk.name, message: viaSdk.message, $fault: viaSdk.$fault, status: viaSdk.status }).toEqual(a);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { startStepFunctionsHttpServer, type StepFunctionsHttpServer } from '#infra/local/stepfunctions/index.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { startDecisionRuntime, type TestRuntime } from './harness.ts';

let t: TestRuntime & { arns: Record<string, string> };
let server: StepFunctionsHttpServer;
let sfn: SFNClient;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await startDecisionRuntime(tokens);
  server = await startStepFunctionsHttpServer(t.runtime);
  sfn = new SFNClient({ endpoint: server.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
});

afterAll(async () => {
  sfn?.destroy();
  await server?.close();
  await t?.close();
});

async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('Step Functions JSON protocol over HTTP, with @aws-sdk/client-sfn unchanged', () => {
  it('runs a whole callback scenario', async () => {
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: t.arns.decision,
        name: 'D-500-instruction-1',
        input: JSON.stringify({ dossierId: 'D-500' }),
      }),
    );
    expect(started.executionArn).toBe('arn:aws:states:eu-west-3:000000000000:execution:decision:D-500-instruction-1');
    expect(started.startDate).toEqual(new Date('2026-03-02T08:00:00.000Z'));
    await t.runtime.idle();

    const again = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: t.arns.decision,
        name: 'D-500-instruction-1',
        input: JSON.stringify({ dossierId: 'D-500' }),
      }),
    );
    expect(again.executionArn).toBe(started.executionArn);

    const running = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(running.status).toBe('RUNNING');

    const token = tokens.get('D-500') as string;
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    t.clock.advance(3 * 3600 * 1000);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ verdict: 'approve' }) }));
    await t.runtime.idle();

    const done = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(done.status).toBe('SUCCEEDED');
    expect(done.startDate).toEqual(new Date('2026-03-02T08:00:00.000Z'));
    expect(done.stopDate).toEqual(new Date('2026-03-02T11:00:00.000Z'));
    expect(JSON.parse(done.output as string)).toMatchObject({
      decision: { verdict: 'approve' },
      applied: { appliedAt: '2026-03-02T11:00:00.000Z' },
    });

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    const events = history.events ?? [];
    expect(events[0]).toMatchObject({
      id: 1,
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: JSON.stringify({ dossierId: 'D-500' }) },
    });
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(events.find((e) => e.type === 'TaskSubmitted')?.taskSubmittedEventDetails?.resource).toBe('invoke.waitForTaskToken');
    expect(events.find((e) => e.type === 'ChoiceStateEntered')?.stateEnteredEventDetails?.name).toBe('Route');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: t.arns.decision, statusFilter: 'SUCCEEDED' }));
    expect(listed.executions?.map((e) => e.name)).toContain('D-500-instruction-1');

    expect(await rejection(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"verdict":"approve"}' })))).toBeInstanceOf(
      TaskTimedOut,
    );
    expect(
      await rejection(
        sfn.send(
          new StartExecutionCommand({
            stateMachineArn: t.arns.decision,
            name: 'D-500-instruction-1',
            input: JSON.stringify({ dossierId: 'D-500' }),
          }),
        ),
      ),
    ).toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('stops an execution and sends its failures as the SDK exception classes', async () => {
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: t.arns.decision, name: 'D-501', input: JSON.stringify({ dossierId: 'D-501' }) }),
    );
    await t.runtime.idle();
    const token = tokens.get('D-501') as string;

    const invalidOutput = await rejection(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' })));
    expect(invalidOutput).toBeInstanceOf(InvalidOutput);
    expect((invalidOutput as InvalidOutput).$metadata.httpStatusCode).toBe(400);

    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn: started.executionArn, error: 'Dossier.Withdrawn', cause: 'by the porteur' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }))).toMatchObject({
      status: 'ABORTED',
      error: 'Dossier.Withdrawn',
    });
    expect(await rejection(sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Late' })))).toBeInstanceOf(TaskTimedOut);
    expect(await rejection(sfn.send(new SendTaskSuccessCommand({ taskToken: 'B'.repeat(43), output: '{}' })))).toBeInstanceOf(InvalidToken);
    expect(await rejection(sfn.send(new DescribeExecutionCommand({ executionArn: `${started.executionArn}-nope` })))).toBeInstanceOf(
      ExecutionDoesNotExist,
    );
    expect(await rejection(sfn.send(new StartExecutionCommand({ stateMachineArn: `${t.arns.decision}-nope` })))).toBeInstanceOf(
      StateMachineDoesNotExist,
    );
  });

  it('answers an unknown operation with 400 UnknownOperationException', async () => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AWSStepFunctions.CreateActivity' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: expect.stringMatching(/(^|#)UnknownOperationException$/) });
  });
});

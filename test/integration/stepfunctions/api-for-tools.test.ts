/**
 * What AWS tools call (the AWS Toolkit, a CLI user) to find, draw and inspect the machines and
 * their executions, through @aws-sdk/client-sfn over HTTP: the state machine calls, the redrive
 * fields of DescribeExecution, request validation as AWS documents it, ValidateStateMachineDefinition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  ResourceNotFound,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  ValidateStateMachineDefinitionCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { startStepFunctionsHttpServer, type StepFunctionsHttpServer } from '#infra/local/stepfunctions/index.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { fixture, startTestRuntime, type TestRuntime } from './harness.ts';

let t: TestRuntime & { arns: Record<string, string> };
let server: StepFunctionsHttpServer;
let sfn: SFNClient;

beforeAll(async () => {
  t = await startTestRuntime({
    functions: {
      'plan-step': async () => ({ timeoutSeconds: 3600 }),
      'create-task': async () => ({}),
      'apply-decision': async () => ({}),
      stamp: async () => ({}),
    },
    machines: { decision: fixture('callback-decision'), waits: fixture('waits') },
  });
  server = await startStepFunctionsHttpServer(t.runtime);
  sfn = new SFNClient({ endpoint: server.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
});

afterAll(async () => {
  sfn?.destroy();
  await server?.close();
  await t?.close();
});

async function rejection(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call succeeded');
}

describe('the state machine calls AWS tools make', () => {
  it('lists the machines (paginated) and describes each with the definition it runs', async () => {
    const all = await sfn.send(new ListStateMachinesCommand({}));
    expect(all.stateMachines?.map((m) => [m.name, m.type])).toEqual([
      ['decision', 'STANDARD'],
      ['waits', 'STANDARD'],
    ]);
    const first = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }));
    expect(first.stateMachines?.map((m) => m.name)).toEqual(['decision']);
    const second = await sfn.send(new ListStateMachinesCommand({ maxResults: 1, nextToken: first.nextToken }));
    expect(second.stateMachines?.map((m) => m.name)).toEqual(['waits']);
    expect(second.nextToken).toBeUndefined();

    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: t.arns.decision }));
    expect(described).toMatchObject({ stateMachineArn: t.arns.decision, name: 'decision', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition as string)).toEqual(fixture('callback-decision'));
    expect(described.creationDate).toBeInstanceOf(Date);
    expect(
      (await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: t.arns.decision, includedData: 'METADATA_ONLY' }))).definition,
    ).toBe('{}');
    expect(await rejection(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${t.arns.decision}-nope` })))).toBeInstanceOf(
      StateMachineDoesNotExist,
    );
    expect(await rejection(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not-an-arn' })))).toBeInstanceOf(InvalidArn);
  });

  it("describes an execution's state machine, and its redrive status", async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: t.arns.decision, name: 'D-700', input: '{"dossierId":"D-700"}' }),
    );
    await t.runtime.idle();
    const machine = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(machine).toMatchObject({ stateMachineArn: t.arns.decision, name: 'decision' });
    expect(JSON.parse(machine.definition as string)).toEqual(fixture('callback-decision'));
    expect(machine.updateDate).toBeInstanceOf(Date);

    const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(running).toMatchObject({
      status: 'RUNNING',
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    const metadata = await sfn.send(new DescribeExecutionCommand({ executionArn, includedData: 'METADATA_ONLY' }));
    expect(metadata.input).toBeUndefined();
    expect(metadata.inputDetails).toEqual({ included: false });
    expect(await rejection(sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: `${executionArn}-nope` })))).toBeInstanceOf(
      ExecutionDoesNotExist,
    );
  });

  it('lists tags (none locally), and refuses an unknown resource', async () => {
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: t.arns.waits }))).tags).toEqual([]);
    expect(await rejection(sfn.send(new ListTagsForResourceCommand({ resourceArn: `${t.arns.waits}-nope` })))).toBeInstanceOf(
      ResourceNotFound,
    );
    expect(await rejection(sfn.send(new ListTagsForResourceCommand({ resourceArn: 'nope' })))).toBeInstanceOf(InvalidArn);
  });
});

describe('requests validated as AWS documents them', () => {
  it('an unknown statusFilter is a ValidationException naming the member and its values, not an empty list', async () => {
    const error = await rejection(sfn.send(new ListExecutionsCommand({ stateMachineArn: t.arns.decision, statusFilter: 'DONE' as never })));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(
      "1 validation error detected: Value 'DONE' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]",
    );
  });

  it('maxResults is at most 1,000 (0: the default page)', async () => {
    const error = await rejection(sfn.send(new ListExecutionsCommand({ stateMachineArn: t.arns.decision, maxResults: 1001 })));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toContain(
      "Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    await expect(sfn.send(new ListExecutionsCommand({ stateMachineArn: t.arns.decision, maxResults: 0 }))).resolves.toBeDefined();
    expect(await rejection(sfn.send(new ListStateMachinesCommand({ maxResults: -1 })))).toBeInstanceOf(ValidationException);
  });

  it('a nextToken it did not give is InvalidToken', async () => {
    for (const nextToken of ['bm9wZQ', 'not a token']) {
      const error = await rejection(sfn.send(new ListExecutionsCommand({ stateMachineArn: t.arns.decision, nextToken })));
      expect(error, nextToken).toBeInstanceOf(InvalidToken);
    }
    const history = sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: `${(t.arns.decision as string).replace(':stateMachine:', ':execution:')}:D-700`,
        nextToken: '!!',
      }),
    );
    expect(await rejection(history)).toBeInstanceOf(InvalidToken);
  });

  it('a missing required member is a ValidationException; two errors are counted', async () => {
    const error = await rejection(sfn.send(new DescribeExecutionCommand({} as never)));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(
      "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null",
    );
    const two = await rejection(sfn.send(new StartExecutionCommand({ stateMachineArn: '', name: 'x'.repeat(81) })));
    expect(two.message).toMatch(/^2 validation errors detected: .*'stateMachineArn'.*; .*'name'.*length less than or equal to 80/);
  });
});

describe('ValidateStateMachineDefinition', () => {
  it('says OK for a valid definition', async () => {
    const result = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(fixture('waits')) }));
    expect(result).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
  });

  it('says FAIL with diagnostics for a broken one, located where it can be', async () => {
    const broken = { StartAt: 'Nowhere', States: { P: { Type: 'Pass', End: true } } };
    const result = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(broken) }));
    expect(result.result).toBe('FAIL');
    expect(result.diagnostics?.length).toBeGreaterThan(0);
    expect(result.diagnostics?.every((d) => d.severity === 'ERROR' && d.code && d.message)).toBe(true);

    const badResource = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'nope', End: true } } };
    const located = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(badResource) }));
    expect(located.diagnostics?.[0]).toMatchObject({ code: 'SCHEMA_VALIDATION_FAILED', location: '/States/T/Resource' });

    const notJson = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt": ' }));
    expect(notJson).toMatchObject({ result: 'FAIL', diagnostics: [expect.objectContaining({ code: 'INVALID_JSON_DESCRIPTION' })] });
    const limited = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(broken), maxResults: 1 }));
    expect(limited.diagnostics).toHaveLength(1);
  });

  it('refuses an empty definition and an unknown type (ValidationException)', async () => {
    expect(await rejection(sfn.send(new ValidateStateMachineDefinitionCommand({ definition: '' })))).toBeInstanceOf(ValidationException);
    expect(
      await rejection(sfn.send(new ValidateStateMachineDefinitionCommand({ definition: '{}', type: 'SYNC' as never }))),
    ).toBeInstanceOf(ValidationException);
  });
});

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MACHINES, SUBSTITUTION_KEYS, substitute, type Substitutions } from '#workflows/definitions.ts';
import { LocalStepFunctions, SfnApiError } from '#infra/local/stepfunctions/index.ts';
import { ManualClock } from '#domain/time/clock.ts';
import { FIXTURES, aslErrors, fixture } from './harness.ts';

const CHILD_ARN = 'arn:aws:states:eu-west-3:000000000000:stateMachine:chain-child';

function runtime(options: { region?: string; accountId?: string } = {}): LocalStepFunctions {
  return new LocalStepFunctions({ clock: new ManualClock('2026-01-01T00:00:00Z'), functions: {}, ...options });
}

function registrationError(name: string): SfnApiError {
  try {
    runtime().registerStateMachine(name, fixture(name));
  } catch (error) {
    return error as SfnApiError;
  }
  throw new Error(`${name} was registered`);
}

describe('state machine definitions', () => {
  const fixtures = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.asl.json'))
    .map((f) => f.replace('.asl.json', ''));

  it.each(fixtures)('fixture %s is valid ASL (asl-validator)', (name) => {
    expect(aslErrors(fixture(name, { ChildStateMachineArn: CHILD_ARN }))).toBe('');
  });

  it('registers a machine under the ARN AWS would give it, in the configured region and account', () => {
    expect(runtime().registerStateMachine('callback-decision', fixture('callback-decision'))).toBe(
      'arn:aws:states:eu-west-3:000000000000:stateMachine:callback-decision',
    );
    expect(runtime({ region: 'eu-west-1', accountId: '123456789012' }).registerStateMachine('waits', fixture('waits'))).toBe(
      'arn:aws:states:eu-west-1:123456789012:stateMachine:waits',
    );
  });

  it('refuses a callback task nested in a Parallel state, naming it', () => {
    const error = registrationError('nested-callback');
    expect(error.code).toBe('InvalidDefinition');
    expect(error.message).toMatch(/'AskHuman'.*callback task.*top-level/);
  });

  it('refuses a Wait state nested in a Map state, naming it', () => {
    const error = registrationError('nested-wait');
    expect(error.code).toBe('InvalidDefinition');
    expect(error.message).toMatch(/'Pause'.*Wait state.*top-level/);
  });

  it('refuses a Task resource it cannot run, and JSONata', () => {
    const sqs = {
      StartAt: 'Send',
      States: {
        Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' }, End: true },
      },
    };
    expect(() => runtime().registerStateMachine('sqs', sqs)).toThrow(/unsupported Task resource/);
    const jsonata = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    expect(() => runtime().registerStateMachine('jsonata', jsonata)).toThrow(/JSONata/);
  });

  it('refuses a definition that is not valid ASL', () => {
    expect(() => runtime().registerStateMachine('broken', { StartAt: 'Nowhere', States: { P: { Type: 'Pass', End: true } } })).toThrow(
      SfnApiError,
    );
  });

  it('says why a definition is not valid ASL, each definition on its own (one validator, its schemas compiled once)', () => {
    const local = runtime();
    const badPath = { StartAt: 'P', States: { P: { Type: 'Pass', ResultPath: 'not a path', End: true } } };
    const problemsOf = (definition: object) => {
      try {
        local.registerStateMachine('checked', definition as never);
        return '';
      } catch (error) {
        return (error as SfnApiError).message;
      }
    };
    const first = problemsOf(badPath);
    expect(first).toMatch(/^Invalid State Machine Definition: SCHEMA_VALIDATION_FAILED: \/States\/P\/ResultPath is invalid/);
    expect(problemsOf(fixture('waits'))).toBe('');
    expect(problemsOf({ StartAt: 'Nowhere', States: { P: { Type: 'Pass', End: true } } })).toMatch(/MISSING_TRANSITION_TARGET/);
    expect(problemsOf(badPath)).toBe(first);
  });

  it("registers every one of the project's workflows (after substitution)", () => {
    const substitutions = Object.fromEntries(
      SUBSTITUTION_KEYS.map((key) => [
        key,
        key.endsWith('StateMachineArn')
          ? `arn:aws:states:eu-west-3:000000000000:stateMachine:${key}`
          : `arn:aws:lambda:eu-west-3:000000000000:function:${key}`,
      ]),
    ) as Substitutions;
    const local = runtime();
    for (const machine of MACHINES) {
      expect(local.registerStateMachine(machine, substitute(machine, substitutions))).toContain(`:stateMachine:${machine}`);
    }
  });
});

/**
 * patches/aws-local-stepfunctions+3.0.0.patch reads a path of member names ("$.a.b", "$$.Execution.Name")
 * itself and leaves any other path to jsonpath-plus: the answers must stay jsonpath-plus's, found or not.
 */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';

/** The state's Parameters resolved on `input` (a Pass state's output), or the run's error. */
async function resolve(parameters: Record<string, unknown>, input: unknown): Promise<unknown> {
  const definition = { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: parameters, End: true } } };
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
  const context = { Execution: { Name: 'd-1-instruction-1' } };
  try {
    return await machine.run(input as never, { context }).result;
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    return `${cause?.name}: ${cause?.message}`;
  }
}

const input = {
  dossierId: 'D-1',
  generation: 2,
  zero: 0,
  no: false,
  empty: '',
  nothing: null,
  plan: { step: 'chief-validation', dueAt: '2026-03-10', list: [1, { b: 2 }], text: 'abc', inner: { deep: { deeper: true } } },
};

describe('JSONPath queries of the local Step Functions library', () => {
  it('reads member paths to the value, whatever it is', async () => {
    expect(
      await resolve(
        {
          'id.$': '$.dossierId',
          'generation.$': '$.generation',
          'zero.$': '$.zero',
          'no.$': '$.no',
          'empty.$': '$.empty',
          'nothing.$': '$.nothing',
          'step.$': '$.plan.step',
          'list.$': '$.plan.list',
          'deeper.$': '$.plan.inner.deep.deeper',
          'inner.$': '$.plan.inner',
          'name.$': '$$.Execution.Name',
          'deep.$': '$$.Execution.Input.plan.inner.deep.deeper',
        },
        input,
      ),
    ).toEqual({
      id: 'D-1',
      generation: 2,
      zero: 0,
      no: false,
      empty: '',
      nothing: null,
      step: 'chief-validation',
      list: [1, { b: 2 }],
      deeper: true,
      inner: { deep: { deeper: true } },
      name: 'd-1-instruction-1',
      deep: true,
    });
  });

  it('leaves other paths, and member paths through arrays or strings, to jsonpath-plus', async () => {
    expect(
      await resolve(
        {
          'first.$': '$.plan.list[0]',
          'all.$': '$.plan.list.*',
          'bs.$': '$..b',
          'listLength.$': '$.plan.list.length',
          'textLength.$': '$.plan.text.length',
          'root.$': '$',
        },
        input,
      ),
    ).toEqual({ first: 1, all: [1, { b: 2 }], bs: [2], listLength: 2, textLength: 3, root: input });
  });

  it('fails a member path that points to no value, as before', async () => {
    const runtime = (path: string) => `States.Runtime: Path expression '${path}' does not point to a value`;
    for (const path of ['$.missing', '$.plan.missing', '$.nothing.x', '$.dossierId.x', '$.toString', '$.plan.constructor', '$$.Task.Token'])
      expect(await resolve({ 'x.$': path }, input)).toBe(runtime(path));
  });
});

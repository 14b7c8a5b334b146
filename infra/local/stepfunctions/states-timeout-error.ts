/**
 * aws-local-stepfunctions treats its own `States.Timeout` error specially: `States.TaskFailed` in
 * a Retry or Catch does not match it (as in AWS). Its class is not exported, so the runtime takes
 * it from a one-off run whose Task times out after 1 ms, and throws instances of it when a
 * callback task or a lambda task times out.
 */
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';

type ErrorClass = new () => Error;

let captured: Promise<ErrorClass> | undefined;

async function capture(): Promise<ErrorClass> {
  const machine = new StateMachine(
    {
      StartAt: 'Probe',
      States: { Probe: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 0.001, End: true } },
    } as never,
    { validationOptions: { noValidate: true } },
  );
  let release: () => void = () => {};
  const pending = new Promise<null>((resolve) => {
    release = () => resolve(null);
  });
  const run = machine.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => pending } } });
  try {
    await run.result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === 'States.Timeout') return cause.constructor as ErrorClass;
    throw new Error('aws-local-stepfunctions did not raise States.Timeout as expected', { cause: error });
  } finally {
    release();
  }
  throw new Error('aws-local-stepfunctions did not time out a task as expected');
}

/** A factory of the library's own `States.Timeout` errors. */
export async function statesTimeoutErrorFactory(): Promise<() => Error> {
  captured ??= capture();
  const ErrorClass = await captured;
  return () => new ErrorClass();
}

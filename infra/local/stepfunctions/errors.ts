/**
 * Errors of the Step Functions API, named exactly as AWS names them (the `__type` of the JSON
 * protocol, and the exception class names of @aws-sdk/client-sfn).
 */

export type SfnErrorCode =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'StateMachineDoesNotExist'
  | 'InvalidArn'
  | 'InvalidName'
  | 'InvalidExecutionInput'
  | 'InvalidDefinition'
  | 'InvalidToken'
  | 'InvalidOutput'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ResourceNotFound'
  | 'SerializationException'
  | 'ValidationException';

export class SfnApiError extends Error {
  readonly code: SfnErrorCode;
  constructor(code: SfnErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }
}

/** What AWS answers for a token that expired, was already used, or whose execution closed. */
export function taskTimedOut(): SfnApiError {
  return new SfnApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
}

export function invalidToken(): SfnApiError {
  return new SfnApiError('InvalidToken', "Invalid Token: 'Invalid token'");
}

export function executionDoesNotExist(executionArn: string): SfnApiError {
  return new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
}

export function stateMachineDoesNotExist(machineArn: string): SfnApiError {
  return new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${machineArn}'`);
}

export function executionAlreadyExists(executionArn: string): SfnApiError {
  return new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
}

/**
 * An error raised inside a state (a task failure): its `name` is the ASL error name matched by
 * Retry/Catch, its message the cause. It carries no stack trace: it is the execution's data, not a
 * fault of the runtime, and capturing one costs more than the rest of a state's work.
 */
export function stateError(errorName: string, cause: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const error = new Error(cause);
    error.name = errorName;
    return error;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * `States.Runtime`: as in AWS, neither Retry nor Catch applies to it (aws-local-stepfunctions
 * reads `isRetryable`/`isCatchable` on the error), so the execution fails.
 */
export function statesRuntimeError(message: string): Error {
  return Object.assign(stateError('States.Runtime', message), { isRetryable: false, isCatchable: false });
}

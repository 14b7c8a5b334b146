/**
 * ARNs and names as AWS Step Functions and Lambda spell them.
 */

export interface AccountScope {
  region: string;
  accountId: string;
}

export function stateMachineArn(scope: AccountScope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;
}

const STATE_MACHINE_ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):execution:([^:]+):([^:]+)$/;

export function isStateMachineArn(arn: string): boolean {
  return STATE_MACHINE_ARN.test(arn);
}

export function isExecutionArn(arn: string): boolean {
  return EXECUTION_ARN.test(arn);
}

/** `arn:aws:states:r:a:stateMachine:M` + `N` → `arn:aws:states:r:a:execution:M:N`. */
export function executionArnOf(machineArn: string, executionName: string): string {
  const match = STATE_MACHINE_ARN.exec(machineArn);
  if (!match) throw new Error(`not a state machine ARN: ${machineArn}`);
  return `arn:aws:states:${match[1]}:${match[2]}:execution:${match[3]}:${executionName}`;
}

export function stateMachineNameOf(machineArn: string): string {
  const match = STATE_MACHINE_ARN.exec(machineArn);
  if (!match) throw new Error(`not a state machine ARN: ${machineArn}`);
  return match[3] as string;
}

const FUNCTION_ARN = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;

/** The function name in `FunctionName` (a function ARN, optionally qualified, or a bare name). */
export function lambdaFunctionName(functionNameOrArn: string): string {
  const match = FUNCTION_ARN.exec(functionNameOrArn);
  if (match) return match[1] as string;
  return functionNameOrArn.split(':')[0] as string;
}

export function isLambdaFunctionArn(value: string): boolean {
  return FUNCTION_ARN.test(value);
}

/**
 * AWS rules for state machine and execution names: 1 to 80 characters, none of whitespace,
 * brackets, wildcards, `" # % \ ^ | ~ ` $ & , ; : /` or control characters.
 */
export function isValidResourceName(name: string): boolean {
  if (name.length < 1 || name.length > 80) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.test(name);
}

/**
 * The requests of the Step Functions API the runtime answers, with the constraints of the AWS API
 * reference (required members, lengths, enums, ranges). A request that breaks one is refused as
 * AWS refuses it: `ValidationException` "1 validation error detected: Value '1001' at 'maxResults'
 * failed to satisfy constraint: Member must have value less than or equal to 1000"; a member of the
 * wrong JSON type is a `SerializationException`. The same schemas type the runtime's methods.
 */
import * as z from 'zod';
import { SfnApiError } from './errors.ts';

const arn = z.string().min(1).max(256);
const pageSize = (max: number) => z.number().int().min(0).max(max).optional();
const nextToken = z.string().min(1).max(1024).optional();
const includedData = z.enum(['ALL_DATA', 'METADATA_ONLY']).optional();
const error = z.string().max(256).optional();
const cause = z.string().max(32_768).optional();
/** 256 KiB: the payload limit of an execution's input, a task's output. */
const payload = z.string().max(262_144);

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

export const REQUESTS = {
  StartExecution: z.object({ stateMachineArn: arn, name: z.string().min(1).max(80).optional(), input: payload.optional() }),
  SendTaskSuccess: z.object({ taskToken: z.string().min(1).max(2048), output: payload }),
  SendTaskFailure: z.object({ taskToken: z.string().min(1).max(2048), error, cause }),
  SendTaskHeartbeat: z.object({ taskToken: z.string().min(1).max(2048) }),
  DescribeExecution: z.object({ executionArn: arn, includedData }),
  ListExecutions: z.object({
    stateMachineArn: arn.optional(),
    mapRunArn: arn.optional(),
    statusFilter: z.enum(EXECUTION_STATUSES).optional(),
    maxResults: pageSize(1000),
    nextToken,
    redriveFilter: z.enum(['REDRIVEN', 'NOT_REDRIVEN']).optional(),
  }),
  GetExecutionHistory: z.object({
    executionArn: arn,
    maxResults: pageSize(1000),
    reverseOrder: z.boolean().optional(),
    nextToken,
    includeExecutionData: z.boolean().optional(),
  }),
  StopExecution: z.object({ executionArn: arn, error, cause }),
  ListStateMachines: z.object({ maxResults: pageSize(1000), nextToken }),
  DescribeStateMachine: z.object({ stateMachineArn: arn, includedData }),
  DescribeStateMachineForExecution: z.object({ executionArn: arn, includedData }),
  ListTagsForResource: z.object({ resourceArn: arn }),
  ValidateStateMachineDefinition: z.object({
    definition: z.string().min(1).max(1_048_576),
    type: z.enum(['STANDARD', 'EXPRESS']).optional(),
    severity: z.enum(['ERROR', 'WARNING']).optional(),
    maxResults: pageSize(100),
  }),
} as const;

export type Operation = keyof typeof REQUESTS;
export type Request<O extends Operation> = z.input<(typeof REQUESTS)[O]>;

/** How AWS words a broken constraint. */
function constraintOf(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string'
        ? `Member must have length less than or equal to ${issue.maximum}`
        : `Member must have value less than or equal to ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `Member must have length greater than or equal to ${issue.minimum}`
        : `Member must have value greater than or equal to ${issue.minimum}`;
    case 'invalid_value':
      return `Member must satisfy enum value set: [${issue.values.join(', ')}]`;
    default:
      return undefined;
  }
}

function shown(value: unknown): string {
  return value === undefined || value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
}

/** The request, validated; throws the error AWS answers otherwise. */
export function parseRequest<O extends Operation>(operation: O, request: unknown): z.output<(typeof REQUESTS)[O]> {
  const body = request && typeof request === 'object' && !Array.isArray(request) ? (request as Record<string, unknown>) : {};
  const result = REQUESTS[operation].safeParse(body);
  if (result.success) return result.data as z.output<(typeof REQUESTS)[O]>;
  const messages: string[] = [];
  for (const issue of result.error.issues) {
    const member = String(issue.path[0] ?? '');
    const value = body[member];
    if (issue.code === 'invalid_type' && value !== undefined) {
      throw new SfnApiError('SerializationException', `Unexpected value type for '${member}' (expected ${issue.expected})`);
    }
    const constraint = issue.code === 'invalid_type' ? 'Member must not be null' : (constraintOf(issue) ?? issue.message);
    messages.push(`Value ${shown(value)} at '${member}' failed to satisfy constraint: ${constraint}`);
  }
  const count = messages.length === 1 ? '1 validation error detected' : `${messages.length} validation errors detected`;
  throw new SfnApiError('ValidationException', `${count}: ${messages.join('; ')}`);
}

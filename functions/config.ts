/**
 * Every function's environment, read once at its cold start into a typed configuration that
 * fails fast: a missing or malformed variable stops the start with its name, not a request later.
 * Endpoints are set only on the local platform (dynalite, aws-ses-v2-local, the local Step
 * Functions and EventBridge); on AWS the SDK finds the services itself.
 */
import * as z from 'zod';
import { PARSE_ONCE } from '#domain/parse-once.ts';

/** An optional variable: unset or empty means absent (deployment tools often write `''`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const region = { AWS_REGION: z.string().min(1).default('eu-west-3') };
const table = { TABLE_NAME: z.string().min(1), DYNAMODB_ENDPOINT: optional(z.url()) };

/** The workflow functions, the daily enforcement and the redelivery: the table and the three state machines. */
export const engineEnv = z.object({
  ...region,
  ...table,
  INSTRUCTION_STATE_MACHINE_ARN: z.string().min(1),
  EXECUTION_STATE_MACHINE_ARN: z.string().min(1),
  BILAN_STATE_MACHINE_ARN: z.string().min(1),
  SFN_ENDPOINT: optional(z.url()),
});

/** The HTTP API: the engine's, and the user pool where the service opens porteur accounts (infra/aws/constructs/api.ts). */
export const apiEnv = engineEnv.extend({ USER_POOL_ID: z.string().min(1) });

/** The outbox sender: the table and SES. */
export const outboxEnv = z.object({
  ...region,
  ...table,
  /** The verified SES identity the emails come from: `address@domain` or `Name <address@domain>`. */
  EMAIL_SENDER: z
    .string()
    .trim()
    .regex(/^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'an email address, or Name <address>'),
  SES_CONFIGURATION_SET: optional(z.string().min(1)),
  SES_ENDPOINT: optional(z.url()),
  /** How many due emails one invocation takes (default 50). */
  OUTBOX_BATCH_SIZE: optional(z.coerce.number().int().min(1).max(1000)),
});

/** The transitions publisher: the bus it puts events on. */
export const publisherEnv = z.object({ ...region, EVENT_BUS_NAME: z.string().min(1), EVENTBRIDGE_ENDPOINT: optional(z.url()) });

export type EngineConfig = z.output<typeof engineEnv>;
export type OutboxConfig = z.output<typeof outboxEnv>;
export type PublisherConfig = z.output<typeof publisherEnv>;

export function readConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const parsed = schema.safeParse(env, PARSE_ONCE);
  if (!parsed.success) throw new Error(`function configuration is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

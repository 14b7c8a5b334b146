/**
 * Every function's environment, read once at its cold start into a typed configuration that
 * fails fast: a missing or malformed variable stops the start with its name, not a request later.
 * Endpoints are set only on the local platform (dynalite, aws-ses-v2-local, the local Step
 * Functions and EventBridge); on AWS the SDK finds the services itself.
 */
import * as z from 'zod/mini';
import { PARSE_ONCE } from '#domain/parse-once.ts';

// zod/mini (the same checks and messages as classic zod, functional form): the publisher and the
// outbox sender import no other schema, so their bundles leave classic zod's methods out (≈ 65 KB).

/** An optional variable: unset or empty means absent (deployment tools often write `''`). */
const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((v: unknown) => (v === '' ? undefined : v)),
    z.optional(schema),
  );
const nonEmpty = () => z.string().check(z.minLength(1));

const region = { AWS_REGION: z._default(nonEmpty(), 'eu-west-3') };
const table = { TABLE_NAME: nonEmpty(), DYNAMODB_ENDPOINT: optional(z.url()) };

/** The HTTP API's groups that call no engine: the table only. */
export const tableEnv = z.object({ ...region, ...table });

/** The workflow functions, the daily enforcement, the redelivery, the HTTP API's groups that call the engine: the table and the three state machines. */
export const engineEnv = z.object({
  ...region,
  ...table,
  INSTRUCTION_STATE_MACHINE_ARN: nonEmpty(),
  EXECUTION_STATE_MACHINE_ARN: nonEmpty(),
  BILAN_STATE_MACHINE_ARN: nonEmpty(),
  SFN_ENDPOINT: optional(z.url()),
});

/** The HTTP API's accounts group: the table, and the user pool where the service opens porteur accounts (infra/aws/constructs/api.ts). */
export const accountsEnv = z.extend(tableEnv, { USER_POOL_ID: nonEmpty() });

/** The outbox sender: the table and SES. */
export const outboxEnv = z.object({
  ...region,
  ...table,
  /** The verified SES identity the emails come from: `address@domain` or `Name <address@domain>`. */
  EMAIL_SENDER: z
    .string()
    .check(z.trim(), z.regex(/^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'an email address, or Name <address>')),
  SES_CONFIGURATION_SET: optional(nonEmpty()),
  SES_ENDPOINT: optional(z.url()),
  /** How many due emails one invocation takes (default 50). */
  OUTBOX_BATCH_SIZE: optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000))),
});

/** The transitions publisher: the bus it puts events on. */
export const publisherEnv = z.object({ ...region, EVENT_BUS_NAME: nonEmpty(), EVENTBRIDGE_ENDPOINT: optional(z.url()) });

export type TableConfig = z.output<typeof tableEnv>;
export type EngineConfig = z.output<typeof engineEnv>;
export type OutboxConfig = z.output<typeof outboxEnv>;
export type PublisherConfig = z.output<typeof publisherEnv>;

export function readConfig<S extends z.ZodMiniObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const parsed = schema.safeParse(env, PARSE_ONCE);
  if (!parsed.success) throw new Error(`function configuration is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The outbox sender's environment, read once and checked (a missing variable stops the cold
 * start with its name). The endpoints are set only on the local platform (dynalite,
 * aws-ses-v2-local); on AWS the SDK finds the services itself.
 */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import * as z from 'zod';

/** An optional variable: unset or empty means absent (deployment tools often write `''`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('eu-west-3'),
  /** The verified SES identity the emails come from: `address@domain` or `Name <address@domain>`. */
  EMAIL_SENDER: z
    .string()
    .trim()
    .regex(/^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'an email address, or Name <address>'),
  SES_CONFIGURATION_SET: optional(z.string().min(1)),
  DYNAMODB_ENDPOINT: optional(z.url()),
  SES_ENDPOINT: optional(z.url()),
  /** How many due emails one invocation takes (default 50). */
  OUTBOX_BATCH_SIZE: optional(z.coerce.number().int().min(1).max(1000)),
});
export type OutboxConfig = z.infer<typeof envSchema>;

export function readOutboxConfig(env: NodeJS.ProcessEnv = process.env): OutboxConfig {
  const parsed = envSchema.safeParse(env, PARSE_ONCE);
  if (!parsed.success) throw new Error(`outbox sender configuration is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The functions' environment, read once and checked (a missing variable stops the cold start
 * with its name, not a request later). Endpoints are set only on the local platform.
 */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import * as z from 'zod';

const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('eu-west-3'),
  INSTRUCTION_STATE_MACHINE_ARN: z.string().min(1),
  EXECUTION_STATE_MACHINE_ARN: z.string().min(1),
  BILAN_STATE_MACHINE_ARN: z.string().min(1),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SFN_ENDPOINT: z.url().optional(),
});
export type FunctionsConfig = z.infer<typeof envSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionsConfig {
  const parsed = envSchema.safeParse(env, PARSE_ONCE);
  if (!parsed.success) throw new Error(`function configuration is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

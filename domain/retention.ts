/**
 * The retention periods of the records that expire (data/retention.json), checked at load; in a
 * Lambda function's bundle, checked when bundled (`CHECKED_DATA_MODULES` in infra/aws/constructs/bundle.ts).
 */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import * as z from 'zod/mini';
import raw from '#data/retention.json' with { type: 'json' };
import type { RetentionPolicy } from '#domain/ports/records.ts';

const schema = z.strictObject({
  $comment: z.optional(z.string()),
  idempotencyRecord: z.number().check(z.int(), z.positive(), z.maximum(3650)),
  sentEmail: z.number().check(z.int(), z.positive(), z.maximum(3650)),
});

const parsed = schema.safeParse(raw, PARSE_ONCE);
if (!parsed.success) throw new Error(`data/retention.json is invalid: ${z.prettifyError(parsed.error)}`);

export const RETENTION: RetentionPolicy = { idempotencyRecord: parsed.data.idempotencyRecord, sentEmail: parsed.data.sentEmail };

/** The retention periods of the records that expire (data/retention.json), checked at load. */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import * as z from 'zod';
import raw from '#data/retention.json' with { type: 'json' };
import type { RetentionPolicy } from '#domain/ports/records.ts';

const schema = z.strictObject({
  $comment: z.string().optional(),
  idempotencyRecord: z.number().int().positive().max(3650),
  sentEmail: z.number().int().positive().max(3650),
});

const parsed = schema.safeParse(raw, PARSE_ONCE);
if (!parsed.success) throw new Error(`data/retention.json is invalid: ${z.prettifyError(parsed.error)}`);

export const RETENTION: RetentionPolicy = { idempotencyRecord: parsed.data.idempotencyRecord, sentEmail: parsed.data.sentEmail };

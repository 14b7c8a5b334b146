/**
 * The sanctions the call allows, and whether each falls by itself or is proposed to the
 * instructing service (data/sanctions.json). The call leaves the choice to the département
 * (« pourra suspendre », « pourra être amené à rembourser »): a suspension of payments falls on its
 * day by default, a reimbursement demand — a financial act — is prepared and waits for the service.
 */
import * as z from 'zod/mini';
import raw from '#data/sanctions.json' with { type: 'json' };
import { PARSE_ONCE } from '#domain/parse-once.ts';

const mode = z.enum(['automatic', 'proposed']);
export type SanctionMode = z.infer<typeof mode>;

const schema = z.strictObject({
  $comment: z.optional(z.string()),
  /** Annual documents missing (call, « Documents annuels »). */
  'payments-suspension': mode,
  /** The final bilan not produced in time (call, « Suivi et contrôle »). */
  reimbursement: mode,
});
export type SanctionPolicy = z.infer<typeof schema>;
export type Sanction = Exclude<keyof SanctionPolicy, '$comment'>;

export function loadSanctions(file: unknown): SanctionPolicy {
  const parsed = schema.safeParse(file, PARSE_ONCE);
  if (!parsed.success) throw new Error(`data/sanctions.json is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const SANCTIONS: SanctionPolicy = loadSanctions(raw);

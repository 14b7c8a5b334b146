/**
 * Every email the system sends, by kind: `renderEmail(kind, params)` for a caller that knows the
 * kind, `renderEmailRequest({ kind, params })` and `parseEmailRequest(stored)` for one that
 * renders from stored data. Each kind's parameters are validated (zod) before rendering.
 */
import * as z from 'zod/mini';
import { AVENANT_ACCEPTED, AVENANT_REFUSED, CONVENTION_TO_SIGN, PAYMENT_MADE } from './convention.ts';
import { FILING_INVITATION } from './entry.ts';
import {
  ACKNOWLEDGEMENT,
  COMPLEMENTS_REQUEST,
  DECISION_ADJOURNED,
  DECISION_FAVOURABLE,
  DECISION_REJECTED,
  DECISION_UNFAVOURABLE,
  DOSSIER_INCOMPLETE,
} from './instruction.ts';
import {
  ANNUAL_DOCUMENTS_REMINDER,
  BILAN_OVERDUE,
  BILAN_REMINDER,
  DEADLINE_EXTENDED,
  DOSSIER_CLOSED,
  PAYMENTS_RESUMED,
  PAYMENTS_SUSPENDED,
  REIMBURSEMENT_DEMAND,
  SUSPENSION_WAIVED,
} from './obligations.ts';
import { PARTICIPANT_LIST, PARTICIPANT_LIST_NOTICE } from './participants.ts';
import { SUSPENSION_PROPOSED, TASK_ASSIGNED, TASK_OVERDUE } from './tasks.ts';
import type { RenderedEmail } from './layout.ts';

export type { RenderedEmail } from './layout.ts';
export type { ServiceContact, Dispositif, Mailbox } from './schemas.ts';
export { DECISION_LABELS, EXIT_OUTCOMES, type ExitOutcome, type TaskDecision } from './labels.ts';
export { ANNUAL_DOCUMENTS, ANNUAL_DOCUMENT_KEYS, type AnnualDocument } from './call-text.ts';

/** Who reads each kind: the porteur, the territory's MDS, or an instructor of the département. */
export type EmailAudience = 'porteur' | 'mds' | 'instructor';

interface EmailDefinition<P> {
  readonly audience: EmailAudience;
  readonly schema: z.ZodMiniType<P>;
  readonly render: (params: P) => RenderedEmail;
}

/** Every kind of email (each declared once, beside its template: who reads it, its parameters' schema, its template). */
const DEFINITION_LIST = [
  FILING_INVITATION,
  ACKNOWLEDGEMENT,
  COMPLEMENTS_REQUEST,
  DOSSIER_INCOMPLETE,
  DECISION_REJECTED,
  DECISION_UNFAVOURABLE,
  DECISION_ADJOURNED,
  DECISION_FAVOURABLE,
  CONVENTION_TO_SIGN,
  PARTICIPANT_LIST_NOTICE,
  BILAN_REMINDER,
  BILAN_OVERDUE,
  ANNUAL_DOCUMENTS_REMINDER,
  PAYMENTS_SUSPENDED,
  PAYMENTS_RESUMED,
  SUSPENSION_WAIVED,
  REIMBURSEMENT_DEMAND,
  DEADLINE_EXTENDED,
  AVENANT_ACCEPTED,
  AVENANT_REFUSED,
  PAYMENT_MADE,
  DOSSIER_CLOSED,
  PARTICIPANT_LIST,
  TASK_ASSIGNED,
  TASK_OVERDUE,
  SUSPENSION_PROPOSED,
] as const;
type Definition = (typeof DEFINITION_LIST)[number];
const EMAILS = Object.fromEntries(DEFINITION_LIST.map((definition) => [definition.kind, definition])) as {
  readonly [D in Definition as D['kind']]: D;
};

export type EmailKind = keyof typeof EMAILS;
export const EMAIL_KINDS = Object.keys(EMAILS) as EmailKind[];

/** The parameters of each kind (its template's, validated by its schema). */
export type EmailParamsByKind = { [K in EmailKind]: Parameters<(typeof EMAILS)[K]['render']>[0] };
/** The same registry, typed by kind (what a generic caller indexes). */
const DEFINITIONS: { readonly [K in EmailKind]: EmailDefinition<EmailParamsByKind[K]> } = EMAILS;

/** A rendering request as stored (an outbox item, a workflow payload): discriminated by kind. */
export type EmailRequest = { [K in EmailKind]: { readonly kind: K; readonly params: EmailParamsByKind[K] } }[EmailKind];

export function isEmailKind(value: unknown): value is EmailKind {
  return typeof value === 'string' && (EMAIL_KINDS as readonly string[]).includes(value);
}

export function emailAudience(kind: EmailKind): EmailAudience {
  return EMAILS[kind].audience;
}

/** Renders one email; throws a TypeError naming the kind if its parameters are invalid. */
export function renderEmail<K extends EmailKind>(kind: K, params: EmailParamsByKind[K]): RenderedEmail {
  return DEFINITIONS[kind].render(params);
}

function renderTyped<K extends EmailKind>(request: { readonly kind: K; readonly params: EmailParamsByKind[K] }): RenderedEmail {
  return renderEmail(request.kind, request.params);
}

/** Renders a stored request. */
export function renderEmailRequest(request: EmailRequest): RenderedEmail {
  return renderTyped(request);
}

/**
 * Checks stored data (read back from a table or a workflow payload) and returns it as a typed
 * request; throws a TypeError saying what is wrong.
 */
export function parseEmailRequest(data: unknown): EmailRequest {
  const envelope = z.object({ kind: z.string(), params: z.unknown() }).safeParse(data);
  if (!envelope.success) throw new TypeError(`not an email request: ${z.prettifyError(envelope.error)}`);
  const { kind, params } = envelope.data;
  if (!isEmailKind(kind)) throw new TypeError(`unknown email kind: ${JSON.stringify(kind)}`);
  const parsed = EMAILS[kind].schema.safeParse(params);
  if (!parsed.success) throw new TypeError(`invalid parameters for email "${kind}": ${z.prettifyError(parsed.error)}`);
  return { kind, params: parsed.data } as EmailRequest;
}

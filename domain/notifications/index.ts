/**
 * Every email the system sends, by kind: `renderEmail(kind, params)` for a caller that knows the
 * kind, `renderEmailRequest({ kind, params })` and `parseEmailRequest(stored)` for one that
 * renders from stored data. Each kind's parameters are validated (zod) before rendering.
 */
import * as z from 'zod/mini';
import {
  conventionToSignEmail,
  conventionToSignSchema,
  avenantAcceptedEmail,
  avenantAcceptedSchema,
  avenantRefusedEmail,
  avenantRefusedSchema,
  paymentMadeEmail,
  paymentMadeSchema,
} from './convention.ts';
import {
  acknowledgementEmail,
  acknowledgementSchema,
  complementsRequestEmail,
  complementsRequestSchema,
  decisionAdjournedEmail,
  decisionAdjournedSchema,
  decisionFavourableEmail,
  decisionFavourableSchema,
  decisionRejectedEmail,
  decisionRejectedSchema,
  decisionUnfavourableEmail,
  decisionUnfavourableSchema,
  dossierIncompleteEmail,
  dossierIncompleteSchema,
} from './instruction.ts';
import { filingInvitationEmail, filingInvitationSchema } from './entry.ts';
import type { RenderedEmail } from './layout.ts';
import {
  annualDocumentsReminderEmail,
  annualDocumentsReminderSchema,
  bilanOverdueEmail,
  deadlineExtendedEmail,
  deadlineExtendedSchema,
  bilanOverdueSchema,
  bilanReminderEmail,
  bilanReminderSchema,
  dossierClosedEmail,
  dossierClosedSchema,
  paymentsResumedEmail,
  paymentsResumedSchema,
  paymentsSuspendedEmail,
  paymentsSuspendedSchema,
  reimbursementDemandEmail,
  reimbursementDemandSchema,
  suspensionWaivedEmail,
  suspensionWaivedSchema,
} from './obligations.ts';
import { participantListEmail, participantListNoticeEmail, participantListNoticeSchema, participantListSchema } from './participants.ts';
import {
  suspensionProposedEmail,
  suspensionProposedSchema,
  taskAssignedEmail,
  taskAssignedSchema,
  taskOverdueEmail,
  taskOverdueSchema,
} from './tasks.ts';

export type { RenderedEmail } from './layout.ts';
export type { ServiceContact, Dispositif, Mailbox } from './schemas.ts';
export { EXIT_OUTCOMES, type ExitOutcome } from './participants.ts';
export { DECISION_LABELS, type TaskDecision } from './tasks.ts';
export { ANNUAL_DOCUMENTS, ANNUAL_DOCUMENT_KEYS, type AnnualDocument } from './call-text.ts';

/** Who reads each kind: the porteur, the territory's MDS, or an instructor of the département. */
export type EmailAudience = 'porteur' | 'mds' | 'instructor';

interface EmailDefinition<P> {
  readonly audience: EmailAudience;
  readonly schema: z.ZodMiniType<P>;
  readonly render: (params: P) => RenderedEmail;
}

/** Every kind of email, declared once: who reads it, its parameters' schema, its template. */
const EMAILS = {
  'filing-invitation': { audience: 'porteur', schema: filingInvitationSchema, render: filingInvitationEmail },
  acknowledgement: { audience: 'porteur', schema: acknowledgementSchema, render: acknowledgementEmail },
  'complements-request': { audience: 'porteur', schema: complementsRequestSchema, render: complementsRequestEmail },
  'dossier-incomplete': { audience: 'porteur', schema: dossierIncompleteSchema, render: dossierIncompleteEmail },
  'decision-rejected': { audience: 'porteur', schema: decisionRejectedSchema, render: decisionRejectedEmail },
  'decision-unfavourable': { audience: 'porteur', schema: decisionUnfavourableSchema, render: decisionUnfavourableEmail },
  'decision-adjourned': { audience: 'porteur', schema: decisionAdjournedSchema, render: decisionAdjournedEmail },
  'decision-favourable': { audience: 'porteur', schema: decisionFavourableSchema, render: decisionFavourableEmail },
  'convention-to-sign': { audience: 'porteur', schema: conventionToSignSchema, render: conventionToSignEmail },
  'participant-list-notice': { audience: 'porteur', schema: participantListNoticeSchema, render: participantListNoticeEmail },
  'bilan-reminder': { audience: 'porteur', schema: bilanReminderSchema, render: bilanReminderEmail },
  'bilan-overdue': { audience: 'porteur', schema: bilanOverdueSchema, render: bilanOverdueEmail },
  'annual-documents-reminder': { audience: 'porteur', schema: annualDocumentsReminderSchema, render: annualDocumentsReminderEmail },
  'payments-suspended': { audience: 'porteur', schema: paymentsSuspendedSchema, render: paymentsSuspendedEmail },
  'payments-resumed': { audience: 'porteur', schema: paymentsResumedSchema, render: paymentsResumedEmail },
  'suspension-waived': { audience: 'porteur', schema: suspensionWaivedSchema, render: suspensionWaivedEmail },
  'reimbursement-demand': { audience: 'porteur', schema: reimbursementDemandSchema, render: reimbursementDemandEmail },
  'deadline-extended': { audience: 'porteur', schema: deadlineExtendedSchema, render: deadlineExtendedEmail },
  'avenant-accepted': { audience: 'porteur', schema: avenantAcceptedSchema, render: avenantAcceptedEmail },
  'avenant-refused': { audience: 'porteur', schema: avenantRefusedSchema, render: avenantRefusedEmail },
  'payment-made': { audience: 'porteur', schema: paymentMadeSchema, render: paymentMadeEmail },
  'dossier-closed': { audience: 'porteur', schema: dossierClosedSchema, render: dossierClosedEmail },
  'participant-list': { audience: 'mds', schema: participantListSchema, render: participantListEmail },
  'task-assigned': { audience: 'instructor', schema: taskAssignedSchema, render: taskAssignedEmail },
  'task-overdue': { audience: 'instructor', schema: taskOverdueSchema, render: taskOverdueEmail },
  'suspension-proposed': { audience: 'instructor', schema: suspensionProposedSchema, render: suspensionProposedEmail },
} as const;

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

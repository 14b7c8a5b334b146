/**
 * The port through which the outbox sender hands an email to a mail service (SES on AWS and on
 * the local platform: adapters/ses/ses-mailer.ts). No AWS type crosses it.
 *
 * Error classification is the adapter's decision, expressed by the error it throws:
 * - `MailRejectedError`: the service refused *this* email for good (address refused, sender
 *   identity not verified…). Sending it again unchanged will fail the same way.
 * - anything else: transient (throttling, outage, network, timeout). Sending it later may work.
 */

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The outbox key of this email: the same email keeps it across retries. */
  idempotencyKey: string;
}

export interface Mailer {
  /** Hands the email to the mail service; resolves once the service has accepted it. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** The mail service refused this email permanently (what the service said is in `code`/`message`). */
export class MailRejectedError extends Error {
  /** The service's error code, e.g. `MessageRejected`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'MailRejectedError';
    this.code = code;
  }
}

export function isMailRejectedError(err: unknown): err is MailRejectedError {
  return err instanceof MailRejectedError;
}

/** Whether sending the same email later may succeed: every error but a `MailRejectedError`. */
export function isTransientMailError(err: unknown): boolean {
  return !isMailRejectedError(err);
}

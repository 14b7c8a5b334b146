/**
 * The `Mailer` port on Amazon SES, API v1 (`SendEmail`, through adapters/aws/ses.ts): the API
 * aws-ses-v2-local also speaks, so the local platform runs this same code.
 *
 * - Subject, text and HTML are sent as UTF-8 (the templates are French: accents, no-break spaces).
 * - The outbox idempotency key travels as the message tag `idempotency-key`, so SES sending
 *   events (through the configuration set) can be matched to the outbox and a duplicate
 *   recognised. SES v1 `SendEmail` takes no custom header, and a tag value may only hold
 *   `[A-Za-z0-9_-]` (256 at most): the tag holds the SHA-256 (hex) of the key
 *   (`idempotencyTagValue`), the same for every try of an email.
 * - Errors: what SES refuses for this email for good becomes a `MailRejectedError` (see
 *   `PERMANENT_SES_ERRORS`); everything else (throttling, account or configuration set sending
 *   paused, 5xx, network, timeouts) propagates unchanged, i.e. transient: the outbox tries again.
 */
import { hash } from 'node:crypto';
import { type Ses, xmlValue } from '../aws/ses.ts';
import { MailRejectedError, type Mailer, type OutgoingEmail } from '#domain/notifications/mailer.ts';

export interface SesMailerConfig {
  client: Ses;
  /** The verified sender: `address@domain` or `Name <address@domain>`. */
  from: string;
  /** The SES configuration set that publishes sending events (bounces, complaints, deliveries). */
  configurationSet?: string;
}

/**
 * SES error names (as the SDK names the exception) that refuse this email for good.
 * - `MessageRejected`: SES refused the message (address not verified in the sandbox, content refused…).
 * - `MailFromDomainNotVerifiedException`: the sender's MAIL FROM domain is not verified.
 * - `ConfigurationSetDoesNotExistException`: the configured set is missing (a deployment error:
 *   it will not heal by itself; the email stays pending, retried every `maxSeconds`).
 * - `InvalidParameterValue`: a malformed address or value (SES v1 answers this to an illegal address).
 */
export const PERMANENT_SES_ERRORS: ReadonlySet<string> = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'InvalidParameterValue',
]);

export const IDEMPOTENCY_TAG = 'idempotency-key';

/** The value of the `idempotency-key` message tag for an outbox key: its SHA-256, hex. */
export function idempotencyTagValue(idempotencyKey: string): string {
  return hash('sha256', idempotencyKey, 'hex');
}

const UTF8 = 'UTF-8';

export class SesMailer implements Mailer {
  readonly #client: Ses;
  readonly #from: string;
  readonly #configurationSet: string | undefined;

  constructor(config: SesMailerConfig) {
    if (!config.from.includes('@')) throw new RangeError(`the sender must be an email address, got ${JSON.stringify(config.from)}`);
    this.#client = config.client;
    this.#from = config.from;
    this.#configurationSet = config.configurationSet;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (email.to.length === 0) throw new MailRejectedError('NoRecipient', 'the email has no recipient');
    let answer: string;
    try {
      answer = await this.#client.call('SendEmail', {
        Source: this.#from,
        ...Object.fromEntries(email.to.map((to, i) => [`Destination.ToAddresses.member.${i + 1}`, to])),
        'Message.Subject.Data': email.subject,
        'Message.Subject.Charset': UTF8,
        'Message.Body.Text.Data': email.text,
        'Message.Body.Text.Charset': UTF8,
        'Message.Body.Html.Data': email.html,
        'Message.Body.Html.Charset': UTF8,
        'Tags.member.1.Name': IDEMPOTENCY_TAG,
        'Tags.member.1.Value': idempotencyTagValue(email.idempotencyKey),
        ...(this.#configurationSet === undefined ? {} : { ConfigurationSetName: this.#configurationSet }),
      });
    } catch (err) {
      const name = (err as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && PERMANENT_SES_ERRORS.has(name)) {
        throw new MailRejectedError(name, (err as Error).message || 'refused by SES', { cause: err });
      }
      throw err;
    }
    // SES answers a MessageId with every acceptance; without one we could not record the sending.
    const messageId = xmlValue(answer, 'MessageId');
    if (!messageId) throw new Error('SES accepted the email without a MessageId');
    return { messageId };
  }
}

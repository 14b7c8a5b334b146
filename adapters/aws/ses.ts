/**
 * Amazon SES API v1 through the small client (./client.ts): its query protocol (form-encoded
 * parameters, XML answers), the API the local stand-in aws-ses-v2-local also speaks. Only what
 * the mailer reads is taken from the XML: the MessageId of an answer, the code and message of an
 * error (named as the SDK names it).
 */
import { AwsClient, type AwsAnswer, type AwsClientOptions, AwsServiceError } from './client.ts';

// The error codes whose SDK exception has another name (the awsQueryError traits of SES's model).
const EXCEPTION_OF_CODE: Record<string, string> = { ConfigurationSetDoesNotExist: 'ConfigurationSetDoesNotExistException' };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) =>
    entity.startsWith('#x') || entity.startsWith('#X')
      ? String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
      : entity.startsWith('#')
        ? String.fromCodePoint(Number(entity.slice(1)))
        : (ENTITIES[entity] ?? whole),
  );

/** The text of the first `<tag>` of an XML answer, unescaped. */
export function xmlValue(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match ? unescapeXml(match[1]!) : undefined;
}

function queryError(answer: AwsAnswer): AwsServiceError {
  const xml = typeof answer.body === 'string' ? answer.body : '';
  const code = xmlValue(xml, 'Code') ?? `HTTP${answer.status}`;
  const name = EXCEPTION_OF_CODE[code] ?? code;
  return new AwsServiceError(
    name,
    xmlValue(xml, 'Message') || `${name} (HTTP ${answer.status})`,
    answer.status,
    {},
    xmlValue(xml, 'RequestId'),
  );
}

export class Ses {
  readonly #client: AwsClient;

  constructor(options: Omit<AwsClientOptions, 'service'>) {
    this.#client = new AwsClient({ ...options, service: 'email' }, { contentType: 'application/x-www-form-urlencoded' });
  }

  /** One action with its flattened parameters (`Destination.ToAddresses.member.1`…): the XML answer. */
  async call(action: string, parameters: Record<string, string>): Promise<string> {
    const answer = await this.#client.send(action, { Action: action, Version: '2010-12-01', ...parameters }, queryError);
    return String(answer.body);
  }
}

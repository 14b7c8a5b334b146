/**
 * A small AWS client for the few calls the Lambda functions make, in place of the AWS SDK (its
 * ≈ 180–240 KB per bundle and their module init: README, « Lambda bundles »). Requests are signed
 * by `aws4fetch` (SigV4 over fetch) and sent with the global fetch; the answers of the JSON
 * protocols (DynamoDB, Step Functions, Cognito) and of SES v1's query protocol are read here.
 *
 * As the SDK's standard mode does: errors carry the service's error code as `name`, its message,
 * the fields of its body (CancellationReasons, Item…), `$fault` and `$metadata`; a throttled, 5xx
 * or failed (network, timeout) request is tried again, at most `maxAttempts` times in all, after
 * an exponential backoff with full jitter. Credentials come from the environment (a Lambda's
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the endpoint is the regional one
 * unless overridden; `transport` replaces the signed HTTP exchange (the local platform answers in
 * its own process: infra/local/dynamodb/in-process.ts, infra/local/stepfunctions/in-process-client.ts).
 */
import { AwsV4Signer } from 'aws4fetch';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * One request of a service's protocol: its X-Amz-Target (JSON protocols) and its body; for the query
 * protocol, its parameters too (`form`), which a transport may read instead of decoding the body: the
 * body is then never encoded (it is, once, when read).
 */
export interface AwsCall {
  target: string;
  readonly body: string;
  form?: Readonly<Record<string, string>>;
  /**
   * JSON protocols, when the caller built the request for this call alone: the request itself, which
   * a transport in this process may take (and change) instead of parsing the body; the body is then
   * never encoded (it is, once, when read). Such a transport's client makes one try: a request
   * changed by the first is not sent again.
   */
  input?: object;
}

/** A JSON request built for one call: a transport may take it as it is (AwsCall.input). */
export class JsonInput {
  readonly input: object;
  constructor(input: object) {
    this.input = input;
  }
}

/** The service's answer: its HTTP status, its body (parsed when JSON) and, for an error, its code when a header gives it. */
export interface AwsAnswer {
  status: number;
  body: unknown;
  errorType?: string;
  requestId?: string;
}

/** Answers a call in place of the signed HTTP exchange. */
export type AwsTransport = (call: AwsCall) => Promise<AwsAnswer>;

export interface AwsClientOptions {
  /** The signing name and the endpoint's prefix: `dynamodb`, `states`, `email`, `cognito-idp`. */
  service: string;
  region: string;
  /** Default: `https://<service>.<region>.amazonaws.com`. */
  endpoint?: string;
  /** Default: the environment's (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), read at each call. */
  credentials?: AwsCredentials;
  /** Every try counted (the SDK's default: 3). */
  maxAttempts?: number;
  /** The longest a try may take, ms (none by default). */
  timeoutMs?: number;
  /** Replaces the whole signed exchange (no signing, no HTTP). */
  transport?: AwsTransport;
  /** The fetch the signed requests go through (tests). */
  fetch?: typeof fetch;
  /** The pause before try n+1 (n ≥ 1), ms; default: full jitter over 100 ms × 2^(n−1), at most 20 s (the SDK's). */
  backoff?: (attempt: number) => number;
}

/** The protocol of a service: how a call becomes a request, and what its answer means. */
export interface AwsProtocol {
  contentType: string;
  /** The X-Amz-Target prefix (`DynamoDB_20120810`); none for the query protocol. */
  targetPrefix?: string;
}

/** An error as the service answered it (or a try that got no answer), named by the service's code like the SDK's. */
export class AwsServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode?: number; requestId?: string; attempts: number };
  [field: string]: unknown;

  constructor(name: string, message: string, status: number | undefined, fields: Record<string, unknown> = {}, requestId?: string) {
    super(message);
    Object.assign(this, fields);
    this.name = name;
    this.$fault = status !== undefined && status < 500 ? 'client' : 'server';
    this.$metadata = { ...(status !== undefined ? { httpStatusCode: status } : {}), ...(requestId ? { requestId } : {}), attempts: 1 };
  }
}

/** The codes the SDK's standard mode retries as throttling or transient (@smithy/service-error-classification). */
const RETRIED_CODES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/**
 * Whether a failed try may be made again: throttled, 5xx, or no answer at all — a network error
 * (with its system or undici code: ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET…) or a try that timed
 * out; never a mistake of the caller's (no credentials, a body that is not JSON…).
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof AwsServiceError)) {
    const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
    return typeof code === 'string' || name === 'TimeoutError';
  }
  const status = error.$metadata.httpStatusCode;
  return RETRIED_CODES.has(error.name) || status === undefined || status === 429 || status >= 500;
}

/**
 * A call whose body is encoded when first read: a transport in this process may take `form` or
 * `input` instead. A class: its getter is its prototype's, not defined anew on each call's object.
 */
class LazyCall implements AwsCall {
  readonly target: string;
  readonly input?: object;
  readonly form?: Readonly<Record<string, string>>;
  #body: string | undefined;

  constructor(target: string, body: JsonInput | Readonly<Record<string, string>>) {
    this.target = target;
    if (body instanceof JsonInput) this.input = body.input;
    else this.form = body;
  }

  get body(): string {
    this.#body ??= this.input !== undefined ? JSON.stringify(this.input) : new URLSearchParams(this.form).toString();
    return this.#body;
  }
}

const fullJitter = (attempt: number) => Math.random() * Math.min(20_000, 100 * 2 ** (attempt - 1));

/** `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException`, `Foo:http://…` → the bare code. */
function bareCode(code: string): string {
  const colon = code.indexOf(':');
  const bare = colon >= 0 ? code.slice(0, colon) : code;
  return bare.slice(bare.lastIndexOf('#') + 1);
}

/** The error of an AWS JSON protocol's answer: its code and message, its other fields kept. */
export function jsonError(answer: AwsAnswer): AwsServiceError {
  const body = (answer.body && typeof answer.body === 'object' ? answer.body : {}) as Record<string, unknown>;
  const { __type, message, Message, code, ...fields } = body;
  const name = bareCode(String(answer.errorType ?? __type ?? code ?? '')) || `HTTP${answer.status}`;
  const text = typeof message === 'string' ? message : typeof Message === 'string' ? Message : '';
  return new AwsServiceError(name, text || `${name} (HTTP ${answer.status})`, answer.status, fields, answer.requestId);
}

const environmentCredentials = (): AwsCredentials => {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new Error('no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
  };
};

/** A client of one service: `send` makes one call, tried again as the standard mode would. */
export class AwsClient {
  readonly #options: AwsClientOptions;
  readonly #protocol: AwsProtocol;
  readonly #url: string;
  readonly #signingKeys = new Map<string, ArrayBuffer>();

  constructor(options: AwsClientOptions, protocol: AwsProtocol) {
    this.#options = options;
    this.#protocol = protocol;
    this.#url = options.endpoint ?? `https://${options.service}.${options.region}.amazonaws.com`;
  }

  /**
   * One call: the answer of the first try that succeeds (2xx), or the error of the last. `body`: the
   * request's body, a JSON request built for this call (JsonInput), or the query protocol's
   * parameters (form-encoded). `parse` reads an error answer
   * (default: the JSON protocols').
   */
  async send(
    operation: string,
    body: string | JsonInput | Readonly<Record<string, string>>,
    parse: (answer: AwsAnswer) => AwsServiceError = jsonError,
  ): Promise<AwsAnswer> {
    const prefix = this.#protocol.targetPrefix;
    const target = prefix ? `${prefix}.${operation}` : '';
    const call: AwsCall = typeof body === 'string' ? { target, body } : new LazyCall(target, body);
    const maxAttempts = this.#options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      let error: unknown;
      try {
        const answer = await (this.#options.transport ?? this.#overHttp)(call);
        if (answer.status >= 200 && answer.status < 300) return answer;
        error = parse(answer);
      } catch (caught) {
        // fetch's "fetch failed" says less than its cause (connect ECONNREFUSED 127.0.0.1:8005, with its code).
        error = caught instanceof TypeError && caught.cause instanceof Error ? caught.cause : caught;
      }
      if (error instanceof AwsServiceError) error.$metadata.attempts = attempt;
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, (this.#options.backoff ?? fullJitter)(attempt)));
    }
  }

  /** The signed HTTP exchange (aws4fetch signs; the body read as JSON when the protocol is). */
  readonly #overHttp = async (call: AwsCall): Promise<AwsAnswer> => {
    const headers: Record<string, string> = { 'content-type': this.#protocol.contentType };
    if (call.target) headers['x-amz-target'] = call.target;
    const signer = new AwsV4Signer({
      url: this.#url,
      method: 'POST',
      headers,
      body: call.body,
      service: this.#options.service === 'email' ? 'ses' : this.#options.service,
      region: this.#options.region,
      cache: this.#signingKeys,
      ...(this.#options.credentials ?? environmentCredentials()),
    });
    const signed = await signer.sign();
    const timeout = this.#options.timeoutMs;
    const response = await (this.#options.fetch ?? fetch)(signed.url, {
      method: 'POST',
      headers: signed.headers,
      body: call.body,
      ...(timeout ? { signal: AbortSignal.timeout(timeout) } : {}),
    });
    const text = await response.text();
    const isJson = this.#protocol.contentType.includes('json');
    let body: unknown = text;
    if (isJson && text) {
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON (a proxy's error page): kept as text, the status says the rest.
      }
    }
    const errorType = response.headers.get('x-amzn-errortype') ?? undefined;
    const requestId = response.headers.get('x-amzn-requestid') ?? response.headers.get('x-amz-request-id') ?? undefined;
    return { status: response.status, body, ...(errorType ? { errorType } : {}), ...(requestId ? { requestId } : {}) };
  };
}

/** The AWS JSON 1.0 / 1.1 protocols: an operation's input as JSON, its output parsed. */
export class AwsJsonClient {
  readonly #client: AwsClient;
  constructor(options: AwsClientOptions, protocol: { version: '1.0' | '1.1'; targetPrefix: string }) {
    this.#client = new AwsClient(options, {
      contentType: `application/x-amz-json-${protocol.version}`,
      targetPrefix: protocol.targetPrefix,
    });
  }

  async call<O = Record<string, unknown>>(operation: string, input: object): Promise<O> {
    const answer = await this.#client.send(operation, JSON.stringify(input));
    return (answer.body ?? {}) as O;
  }

  /** `call` with a request built for this call alone, that the transport may take as it is (and change: AwsCall.input). */
  async callWith<O = Record<string, unknown>>(operation: string, input: object): Promise<O> {
    const answer = await this.#client.send(operation, new JsonInput(input));
    return (answer.body ?? {}) as O;
  }
}

/**
 * An SDK v3 request handler that answers in this process: the SDK still serializes each command
 * and reads the answer, errors included, as over HTTP (an error is the SDK's own class, with its
 * fields); only the HTTP exchange is replaced by a call of the function the local endpoint answers
 * with. For the platform's own clients of its local services (no socket on the hot path); the
 * endpoints stay for outside clients.
 */

/** An answer of a local JSON protocol: its HTTP status, its JSON body and, for an error, its code. */
export interface ProtocolAnswer {
  status: number;
  body: unknown;
  errorType?: string;
}

interface SerializedRequest {
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** `answer` is called with the request's `X-Amz-Target` and its body's text; `contentType` is the protocol's. */
export function inProcessRequestHandler(contentType: string, answer: (target: string, text: string) => Promise<ProtocolAnswer>): never {
  return {
    handle: async (request: SerializedRequest) => {
      const { body } = request;
      // The SDK's JSON protocols hand a Uint8Array subclass (JsonBytesStringAdapter) whose string
      // methods warn: Buffer.from(body) calls its valueOf. A view over its bytes reads them as they are.
      const text =
        body === undefined || typeof body === 'string'
          ? (body ?? '')
          : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
      const answered = await answer(String(request.headers['x-amz-target'] ?? ''), text);
      return {
        response: {
          statusCode: answered.status,
          headers: { 'content-type': contentType, ...(answered.errorType ? { 'x-amzn-errortype': answered.errorType } : {}) },
          body: Buffer.from(JSON.stringify(answered.body)),
        },
      };
    },
  } as never;
}

// What runs around the request handler of a command on its way over HTTP, pointless in process:
// SigV4 signing alone was ≈ 3 % of the campaign bench's CPU (the Step Functions and bus clients).
// The retry middleware stays: it also retries a throttled or failing answer.
const HTTP_ONLY_MIDDLEWARE = [
  'contentLengthMiddleware',
  'getUserAgentMiddleware',
  'hostHeaderMiddleware',
  'recursionDetectionMiddleware',
  'httpSigningMiddleware',
];

/** Takes the HTTP-only middleware out of an in-process client's stack (names of the pinned SDK: a missing one throws). */
export function withoutHttpMiddleware<C extends { middlewareStack: { remove(name: string): boolean } }>(
  client: C,
  extra: string[] = [],
): C {
  for (const name of [...extra, ...HTTP_ONLY_MIDDLEWARE]) {
    if (!client.middlewareStack.remove(name)) throw new Error(`in-process client: the SDK has no ${name} any more (in-process-handler.ts)`);
  }
  return client;
}

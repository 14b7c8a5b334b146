/**
 * The local SES reached in-process: the functions' own client (adapters/aws/ses.ts) with a
 * transport that hands its request to aws-ses-v2-local's SES v1 actions in this very process
 * (`v1Action`, the function its POST / route calls: patches/aws-ses-v2-local+2.10.2.patch). No
 * socket, no HTTP, no SigV4, no express on the hot path: the action gets the parameters the client
 * would post form-encoded, as express's urlencoded parser gives them to the route (the call's
 * `form`: the body is never encoded), and the action's answer — its status and body, an XML success
 * or an error — is read by the client as over HTTP, so emails land in the same store (GET /store,
 * the mail viewer) and a refusal is the very error a Lambda meets.
 * test/integration/local-ses/in-process-client.test.ts compares the answers with the same client's
 * over HTTP.
 */
import { createRequire } from 'node:module';
import type { AwsAnswer, AwsTransport } from '#adapters/aws/client.ts';
import { Ses } from '#adapters/aws/ses.ts';
import { LOCAL_ACCOUNT } from '../account.ts';

const require = createRequire(import.meta.url);

/** What the route's handlers call on express's response (status, type, set, send), collected into an answer. */
class Response {
  statusCode = 200;
  readonly done: (answer: AwsAnswer) => void;
  constructor(done: (answer: AwsAnswer) => void) {
    this.done = done;
  }
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  // Headers do not reach the query protocol's reader (adapters/aws/ses.ts reads the body's XML).
  type(): this {
    return this;
  }
  set(): this {
    return this;
  }
  send(body: unknown): this {
    // express sends an object as JSON, a string as it is.
    this.done({ status: this.statusCode, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return this;
  }
}

type V1Action = (req: { body: Record<string, string> }, res: Response, next: (err?: unknown) => void) => unknown;

/** The adapters' SES client answered by aws-ses-v2-local's actions in this process (a started local SES's store). */
export function inProcessSes(): Ses {
  // One try: the actions' answers are final (a refused message is not retried, a failing action would not heal).
  return new Ses({ region: LOCAL_ACCOUNT.region, transport: inProcessSesTransport(), maxAttempts: 1 });
}

export function inProcessSesTransport(): AwsTransport {
  const { v1Action } = require('aws-ses-v2-local') as { v1Action: V1Action };
  return (call) =>
    new Promise((resolve) => {
      // As express answers a handler's failure: a 500 (the client reads it as a server fault).
      const fail = (err: unknown) => resolve({ status: 500, body: `aws-ses-v2-local: ${String(err)}` });
      try {
        const res = new Response(resolve);
        // The parameters as the mailer gave them (a copy: the action's own), else decoded from the body.
        const parameters = call.form ? { ...call.form } : Object.fromEntries(new URLSearchParams(call.body));
        Promise.resolve(v1Action({ body: parameters }, res, (err) => fail(err ?? 'no answer'))).catch(fail);
      } catch (err) {
        fail(err);
      }
    });
}

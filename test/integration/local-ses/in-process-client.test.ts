/**
 * The platform's SES client in process (infra/local/ses/in-process.ts: the functions' own client,
 * adapters/aws/ses.ts, with a transport that hands its request to aws-ses-v2-local's SES v1
 * actions) answers as the same client over HTTP, signed, does: a sent email (its answer, and the
 * email the store keeps), a refused message and an action SES v1 has but the local SES does not
 * give the same answers and the same errors (name, message, fault, status), and the in-process
 * emails land in the store the port serves (GET /store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Ses } from '#adapters/aws/ses.ts';
import { startSes, type LocalSes } from '#infra/local/ses/ses.ts';
import { localCredentials, region } from '#test/support/aws.ts';

const dir = mkdtempSync(join(tmpdir(), 'in-process-ses-'));
let ses: LocalSes;
let http: Ses;
let inProcess: Ses;
beforeAll(async () => {
  ses = await startSes({ emailsFile: join(dir, 'emails.jsonl') });
  http = new Ses({ endpoint: ses.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
  inProcess = ses.client();
});
afterAll(async () => {
  await ses?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** Epoch seconds. */
  at: number;
}
const store = async () => ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredEmail[] }).emails;

const email = (subject: string) => ({
  Source: 'aap-inclusion-2026@pasdecalais.fr',
  'Destination.ToAddresses.member.1': 'porteur@example.org',
  'Message.Subject.Data': subject,
  'Message.Subject.Charset': 'UTF-8',
  'Message.Body.Text.Data': 'Madame, Monsieur,\u00a0votre dossier « Insertion & emploi » est complet.',
  'Message.Body.Html.Data': '<p>Votre dossier <b>« Insertion &amp; emploi »</b> est complet.</p>',
  'Tags.member.1.Name': 'idempotency-key',
  'Tags.member.1.Value': 'a1b2',
});

/** An answer or an error as the caller sees it; the message ids and request ids (random) set aside. */
async function outcome(send: () => Promise<string>) {
  const ids = (text: string) => text.replace(/ses-\d+/g, '<id>');
  try {
    return { answer: ids(await send()) };
  } catch (err) {
    const e = err as Error & { $fault: string; $metadata: { httpStatusCode?: number; requestId?: string } };
    return {
      error: {
        name: e.name,
        message: e.message,
        fault: e.$fault,
        status: e.$metadata.httpStatusCode,
        requestId: ids(e.$metadata.requestId ?? ''),
      },
    };
  }
}

const CALLS: [action: string, parameters: Record<string, string>][] = [
  ['SendEmail', email('Dossier complet')],
  [
    'SendRawEmail',
    { Source: 'aap-inclusion-2026@pasdecalais.fr', 'RawMessage.Data': Buffer.from('Subject: brut\r\n\r\nbonjour').toString('base64') },
  ],
  // Refused: no subject (the local SES's schema refuses it as a 400 whose body is not SES's XML).
  ['SendEmail', { Source: 'aap-inclusion-2026@pasdecalais.fr', 'Message.Body.Text.Data': 'sans objet' }],
  // Refused: neither text nor HTML.
  ['SendEmail', { Source: 'aap-inclusion-2026@pasdecalais.fr', 'Message.Subject.Data': 'vide' }],
  // An SES v1 action the local SES does not implement: SES's InvalidAction, naming it.
  ['GetSendQuota', {}],
];

it('gives the answers and errors the same client gives over HTTP, call after call', async () => {
  type Outcome = Awaited<ReturnType<typeof outcome>>;
  const overHttp: Outcome[] = [];
  const direct: Outcome[] = [];
  for (const [action, parameters] of CALLS) {
    overHttp.push(await outcome(() => http.call(action, parameters)));
    direct.push(await outcome(() => inProcess.call(action, parameters)));
  }
  expect(direct).toEqual(overHttp);
  // The comparison covers what it claims: two sendings, refusals of two kinds, an unknown action.
  expect(direct.map((o) => (o.answer !== undefined ? o.answer.match(/<(\w+Response) /)?.[1] : o.error?.name))).toEqual([
    'SendEmailResponse',
    'SendRawEmailResponse',
    'HTTP400',
    'HTTP400',
    'InvalidAction',
  ]);
  expect(direct[4]).toMatchObject({
    error: { message: expect.stringContaining('GetSendQuota'), status: 400, fault: 'client', requestId: '<id>' },
  });
});

it('lands its emails in the store the port serves, as the same email sent over HTTP', async () => {
  const subject = 'Décision : dossier retenu';
  const viaHttp = await http.call('SendEmail', email(subject));
  const direct = await inProcess.call('SendEmail', email(subject));
  const messageId = (xml: string) => /<MessageId>([^<]+)<\/MessageId>/.exec(xml)![1];
  const stored = (await store()).filter((e) => e.subject === subject);
  expect(stored.map((e) => e.messageId)).toEqual([messageId(viaHttp), messageId(direct)]);
  // The store stamps each email with its second: the two sendings may fall on either side of one.
  const { messageId: _http, at: httpAt, ...fromHttp } = stored[0]!;
  const { messageId: _direct, at: directAt, ...fromDirect } = stored[1]!;
  expect(fromDirect).toEqual(fromHttp);
  expect(directAt - httpAt).toBeGreaterThanOrEqual(0);
  expect(directAt - httpAt).toBeLessThanOrEqual(1);
  expect(fromDirect).toMatchObject({
    destination: { to: ['porteur@example.org'] },
    body: { text: email(subject)['Message.Body.Text.Data'] },
  });
});

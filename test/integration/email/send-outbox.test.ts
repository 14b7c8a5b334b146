/**
 * The email outbox sender end to end: the outbox on dynalite, the emails through the SES adapter
 * to aws-ses-v2-local, read back from its store (`GET /store`).
 *
 * aws-ses-v2-local keeps every email of the run in one in-memory list shared by every test file
 * (`POST /clear-store` would empty it under the other files' feet): each test reads only the
 * emails of recipients it made unique. What SES does when it refuses (throttling, a rejected
 * address) cannot be played by aws-ses-v2-local: a Mailer wrapper plays throttling, and a small
 * HTTP server answering SES's own error documents plays a refusal through the real SDK.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { Ses } from '#adapters/aws/ses.ts';
import { newEmailItem } from '#adapters/dynamodb/items.ts';
import { DynamoOutboxStore } from '#adapters/dynamodb/outbox.ts';
import { DynamoTable } from '#adapters/dynamodb/table.ts';
import { createTable } from '#adapters/dynamodb/table-design.ts';
import { idempotencyTagValue, SesMailer } from '#adapters/ses/ses-mailer.ts';
import { renderEmail, type EmailKind, type EmailParamsByKind } from '#domain/notifications/index.ts';
import { isTransientMailError, MailRejectedError, type Mailer, type OutgoingEmail } from '#domain/notifications/mailer.ts';
import { EMAIL_RETRY_POLICY, sendPendingEmails, type SendOutboxResult } from '#domain/notifications/send-outbox.ts';
import type { OutboxStore } from '#domain/ports/outbox.ts';
import type { NewOutboxEmail } from '#domain/ports/records.ts';
import { ManualClock } from '#domain/time/clock.ts';
import { outboxEnv, readConfig } from '#functions/config.ts';
const readOutboxConfig = (env: NodeJS.ProcessEnv) => readConfig(outboxEnv, env);
import { startSes, type LocalService } from '#infra/local/services.ts';
import { dynamoDocuments, localCredentials, region, sesClient, uniqueTableName } from '#test/support/aws.ts';

const SENDER = 'AAP inclusion 2026 <aap-inclusion-2026@pasdecalais.fr>';
const T0 = '2026-03-02T09:00:00.000Z';
const SECOND = 1000;

// ---------------------------------------------------------------------------------------------
// aws-ses-v2-local's store, as `GET /store` returns it ({ templates, emails }); one email:

interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: unknown[];
  /** Epoch seconds (real time) of its arrival. */
  at: number;
}

async function storedFor(recipient: string, endpoint: string = inject('sesEndpoint')): Promise<StoredEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  expect(response.status).toBe(200);
  const store = (await response.json()) as { emails: StoredEmail[] };
  return store.emails.filter((e) => e.destination.to.includes(recipient));
}

// ---------------------------------------------------------------------------------------------
// One outbox table per test, a manual clock shared by the outbox and the sender

interface Outbox {
  repo: DynamoOutboxStore;
  clock: ManualClock;
  tableName: string;
  /** Puts an email in the outbox as a dossier's commit does (emails reach the outbox only with their commit). */
  seed(email: NewOutboxEmail): Promise<void>;
}

async function freshOutbox(start: string | Date = T0): Promise<Outbox> {
  const client = dynamoDocuments();
  const tableName = uniqueTableName('send-outbox');
  await createTable(client, tableName);
  const clock = new ManualClock(start);
  const table = new DynamoTable({ client, tableName, clock });
  return {
    repo: new DynamoOutboxStore(table),
    clock,
    tableName,
    seed: async (email) => {
      await table.doc.put({
        TableName: tableName,
        Item: newEmailItem(email, clock.now().toISOString()),
        ConditionExpression: 'attribute_not_exists(PK)',
      });
    },
  };
}

/** A second outbox on the same table, with its own client (as a second Lambda would have). */
function otherRepo(o: Outbox): DynamoOutboxStore {
  return new DynamoOutboxStore(new DynamoTable({ client: dynamoDocuments(), tableName: o.tableName, clock: o.clock }));
}

const unique = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.org`;

const contact = {
  name: 'Service insertion — territoire de l’Arrageois',
  email: 'insertion.arrageois@pasdecalais.example',
  phone: '03 21 00 00 00',
};
const dispositif = { code: '2.7', title: 'Accompagnement socioprofessionnel des allocataires du RSA' };
const porteur = { contact, porteurName: 'Association L’Escale', dossierReference: 'AAP26-0042', dispositif };

const params = {
  acknowledgement: { ...porteur, operationTitle: 'Remobilisation vers l’emploi', receivedOn: '2026-03-02' },
  'complements-request': {
    ...porteur,
    complements: ['Budget prévisionnel signé', 'Attestation URSSAF de moins de 6 mois'],
    comment: 'Le budget doit être en équilibre\net signé par le président',
    dueDate: '2026-04-01',
  },
} satisfies Partial<{ [K in EmailKind]: EmailParamsByKind[K] }>;

/** Queues the rendering of a real email kind for `to`; returns what was rendered. */
async function enqueue<K extends keyof typeof params>(o: Outbox, kind: K, to: string, key = `dossier-${randomUUID().slice(0, 8)}#${kind}`) {
  const rendered = renderEmail(kind, params[kind] as EmailParamsByKind[K]);
  await o.seed({ idempotencyKey: key, to: [to], kind, dossierId: 'dossier-42', ...rendered });
  return { key, ...rendered };
}

const localMailer = (client: Ses = sesClient()) => new SesMailer({ client, from: SENDER });
const zero: SendOutboxResult = { listed: 0, sent: 0, deferred: 0, failed: 0, alreadySent: 0, skipped: 0 };

/** A Mailer that fails `times` times with `error()` before handing over to `inner`, and counts calls. */
function failingFirst(inner: Mailer, times: number, error: () => Error) {
  const calls: Date[] = [];
  let left = times;
  const mailer: Mailer & { calls: Date[] } = {
    calls,
    async send(email) {
      calls.push(new Date());
      if (left > 0) {
        left -= 1;
        throw error();
      }
      return inner.send(email);
    },
  };
  return mailer;
}

/** SES's own throttling answer, as the SDK surfaces it after its retries. */
const throttling = () => Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling', $fault: 'client' });

// ---------------------------------------------------------------------------------------------
// A stand-in SES endpoint answering SES v1's documents (for what aws-ses-v2-local cannot play)

interface StubSes {
  endpoint: string;
  requests: URLSearchParams[];
  /** The next answers: an SES error code with its HTTP status, or 'ok'. */
  answer: { code: string; status: number; message: string } | 'ok';
  close(): Promise<void>;
}

async function startStubSes(): Promise<StubSes> {
  const stub: StubSes = { endpoint: '', requests: [], answer: 'ok', close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stub.requests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      res.setHeader('content-type', 'text/xml');
      const requestId = randomUUID();
      if (stub.answer === 'ok') {
        res.statusCode = 200;
        res.end(
          `<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>stub-${stub.requests.length}</MessageId></SendEmailResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></SendEmailResponse>`,
        );
        return;
      }
      const { code, status, message } = stub.answer;
      res.statusCode = status;
      res.end(
        `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return stub;
}

const clientFor = (endpoint: string) => new Ses({ endpoint, region, credentials: localCredentials, maxAttempts: 1 });

let stub: StubSes;
beforeAll(async () => {
  stub = await startStubSes();
});
afterAll(async () => {
  await stub.close();
});
afterEach(() => {
  stub.answer = 'ok';
  stub.requests.length = 0;
});

// ---------------------------------------------------------------------------------------------

describe('the outbox sender, on dynalite and aws-ses-v2-local', () => {
  it('sends each queued email once, as rendered, from the sender, and marks it sent with the SES message id', async () => {
    const o = await freshOutbox();
    const porteurAddress = unique('porteur');
    const otherPorteur = unique('porteur');
    const ack = await enqueue(o, 'acknowledgement', porteurAddress);
    o.clock.advance(SECOND);
    const complements = await enqueue(o, 'complements-request', otherPorteur);

    const result = await sendPendingEmails({ outbox: o.repo, mailer: localMailer(), clock: o.clock });
    expect(result).toEqual({ ...zero, listed: 2, sent: 2 });

    const [ackMail, ...moreAck] = await storedFor(porteurAddress);
    expect(moreAck).toEqual([]);
    expect(ackMail).toMatchObject({ from: SENDER, destination: { to: [porteurAddress], cc: [], bcc: [] }, subject: ack.subject });
    expect(ackMail!.subject).toBe('Dossier AAP26-0042\u00A0: accusé de réception');
    // Sent as rendered, byte for byte (UTF-8: accents, typographic apostrophes, no-break spaces).
    expect(ackMail!.body).toEqual({ text: ack.text, html: ack.html });
    for (const fact of [
      'Association L’Escale',
      'Remobilisation vers l’emploi',
      '2 mars 2026',
      '2.7 — Accompagnement socioprofessionnel des allocataires du RSA',
    ]) {
      expect(ackMail!.body.text).toContain(fact);
      expect(ackMail!.body.html).toContain(fact);
    }

    const [complementsMail, ...moreComplements] = await storedFor(otherPorteur);
    expect(moreComplements).toEqual([]);
    expect(complementsMail!.subject).toBe('Dossier AAP26-0042\u00A0: compléments à transmettre au plus tard le 1er avril 2026');
    expect(complementsMail!.body).toEqual({ text: complements.text, html: complements.html });
    expect(complementsMail!.body.text).toContain('Attestation URSSAF de moins de 6 mois');
    expect(complementsMail!.body.html).toContain('Le budget doit être en équilibre<br>\net signé par le président');

    const stored = await o.repo.get(ack.key);
    expect(stored).toMatchObject({ status: 'sent', messageId: ackMail!.messageId, sentAt: o.clock.now().toISOString() });
    // One try, counted once; a claim leaves no error behind.
    expect(stored!.attempts).toBe(1);
    expect(stored!.lastError).toBeUndefined();
    expect((await o.repo.get(complements.key))!.messageId).toBe(complementsMail!.messageId);
  });

  it('sends nothing more when it runs again, now or later', async () => {
    const o = await freshOutbox();
    const to = unique('porteur');
    await enqueue(o, 'acknowledgement', to);
    const mailer = failingFirst(localMailer(), 0, throttling);

    expect((await sendPendingEmails({ outbox: o.repo, mailer, clock: o.clock })).sent).toBe(1);
    expect(await sendPendingEmails({ outbox: o.repo, mailer, clock: o.clock })).toEqual(zero);
    o.clock.advance(2 * 86_400 * SECOND);
    expect(await sendPendingEmails({ outbox: o.repo, mailer, clock: o.clock })).toEqual(zero);
    expect(mailer.calls).toHaveLength(1);
    expect(await storedFor(to)).toHaveLength(1);
  });

  it('defers an email SES throttles, with exponential backoff, and sends it exactly once when SES answers again', async () => {
    const o = await freshOutbox();
    const to = unique('porteur');
    const { key } = await enqueue(o, 'acknowledgement', to);
    const mailer = failingFirst(localMailer(), 3, throttling);
    const run = () => sendPendingEmails({ outbox: o.repo, mailer, clock: o.clock });
    const start = o.clock.now().getTime();
    const nextAttemptIn = async () => (Date.parse((await o.repo.get(key))!.nextAttemptAt) - o.clock.now().getTime()) / SECOND;

    // Throttled three times: 30 s, then 1 min, then 2 min (data/email-retry.json).
    for (const delay of [30, 60, 120]) {
      expect(await run()).toEqual({ ...zero, listed: 1, deferred: 1 });
      expect(await nextAttemptIn()).toBe(delay);
      const pending = await o.repo.get(key);
      expect(pending).toMatchObject({ status: 'pending', lastError: 'transient: Throttling: Maximum sending rate exceeded.' });
      // Not due before its time: a run meanwhile neither lists nor sends it.
      o.clock.advance((delay - 1) * SECOND);
      expect(await run()).toEqual(zero);
      o.clock.advance(SECOND);
    }
    expect(o.clock.now().getTime() - start).toBe(210 * SECOND);
    expect(await storedFor(to)).toEqual([]);

    expect(await run()).toEqual({ ...zero, listed: 1, sent: 1 });
    expect(mailer.calls).toHaveLength(4);
    const mails = await storedFor(to);
    expect(mails).toHaveLength(1);
    expect(await o.repo.get(key)).toMatchObject({ status: 'sent', messageId: mails[0]!.messageId, attempts: 4 });
    expect((await o.repo.get(key))!.lastError).toBe('transient: Throttling: Maximum sending rate exceeded.');

    o.clock.advance(3_600 * SECOND);
    expect(await run()).toEqual(zero);
    expect(await storedFor(to)).toHaveLength(1);
  });

  it('rides out an SES outage of several minutes (connection refused) and sends once SES is back', async () => {
    // A private aws-ses-v2-local on a port of its own: stopped, it refuses connections as an
    // unreachable SES would; restarted on the same port, SES is back.
    const probe = await startSes();
    const port = probe.port;
    await probe.close();
    let ses: LocalService | undefined;
    const client = clientFor(`http://127.0.0.1:${port}`);
    try {
      const o = await freshOutbox();
      const to = unique('porteur');
      const { key } = await enqueue(o, 'acknowledgement', to);
      const mailer = localMailer(client);
      const start = o.clock.now().getTime();
      const outageEnds = start + 6 * 60 * SECOND;
      const tries: number[] = [];
      const errors: string[] = [];

      for (let run = 0; run < 20; run++) {
        if (!ses && o.clock.now().getTime() >= outageEnds) ses = await startSes({ port });
        tries.push((o.clock.now().getTime() - start) / SECOND);
        const result = await sendPendingEmails({ outbox: o.repo, mailer, clock: o.clock });
        if (result.sent === 1) break;
        expect(result).toEqual({ ...zero, listed: 1, deferred: 1 });
        const pending = (await o.repo.get(key))!;
        errors.push(pending.lastError!);
        o.clock.set(pending.nextAttemptAt);
      }

      // Tried at 0, 30 s, 1 min 30, 3 min 30 during the outage; sent at the first try after it.
      expect(tries).toEqual([0, 30, 90, 210, 450]);
      expect(errors).toHaveLength(4);
      for (const error of errors) expect(error).toMatch(/^transient: .*ECONNREFUSED/);
      const mails = await storedFor(to, ses!.endpoint);
      expect(mails).toHaveLength(1);
      expect(await o.repo.get(key)).toMatchObject({ status: 'sent', messageId: mails[0]!.messageId });
      expect(await storedFor(to)).toEqual([]);
    } finally {
      await ses?.close();
    }
  });

  it('records a permanent rejection, keeps the email pending and tries it again only every maxSeconds', async () => {
    const o = await freshOutbox();
    const to = unique('not-verified');
    const { key } = await enqueue(o, 'acknowledgement', to);
    const mailer = new SesMailer({ client: clientFor(stub.endpoint), from: SENDER });
    const run = () => sendPendingEmails({ outbox: o.repo, mailer, clock: o.clock });
    stub.answer = {
      code: 'MessageRejected',
      status: 400,
      message: `Email address is not verified. The following identities failed the check in region EU-WEST-3: ${to}`,
    };

    expect(await run()).toEqual({ ...zero, listed: 1, failed: 1 });
    const rejected = (await o.repo.get(key))!;
    expect(rejected).toMatchObject({
      status: 'pending',
      lastError: `rejected: MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-3: ${to}`,
      nextAttemptAt: new Date(o.clock.now().getTime() + EMAIL_RETRY_POLICY.maxSeconds * SECOND).toISOString(),
    });

    o.clock.advance((EMAIL_RETRY_POLICY.maxSeconds - 1) * SECOND);
    expect(await run()).toEqual(zero);
    o.clock.advance(SECOND);
    expect(await run()).toEqual({ ...zero, listed: 1, failed: 1 });
    expect(stub.requests).toHaveLength(2);

    // The identity gets verified: the next try, an hour later, goes through.
    stub.answer = 'ok';
    o.clock.advance(EMAIL_RETRY_POLICY.maxSeconds * SECOND);
    expect(await run()).toEqual({ ...zero, listed: 1, sent: 1 });
    expect(await o.repo.get(key)).toMatchObject({ status: 'sent', messageId: 'stub-3' });
  });

  it('two senders running at once on the same outbox send each email once', async () => {
    const o = await freshOutbox();
    const recipients: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 12; i++) {
        const to = unique(`porteur-${round}-${i}`);
        recipients.push(to);
        await enqueue(o, i % 2 ? 'acknowledgement' : 'complements-request', to);
      }
      // Two Lambdas: their own DynamoDB and SES clients, the same table, the same instant.
      const [a, b] = await Promise.all([
        sendPendingEmails({ outbox: otherRepo(o), mailer: localMailer(), clock: o.clock }),
        sendPendingEmails({ outbox: otherRepo(o), mailer: localMailer(), clock: o.clock }),
      ]);
      expect(a.sent + b.sent).toBe(12);
      expect(a.alreadySent + b.alreadySent + a.deferred + b.deferred + a.failed + b.failed).toBe(0);
      // Both read the same due emails: what one sent, the other skipped.
      expect(a.listed + b.listed - a.skipped - b.skipped).toBe(12);
      o.clock.advance(60 * SECOND);
    }
    for (const to of recipients) expect(await storedFor(to), to).toHaveLength(1);
    expect(await o.repo.listDue(100)).toEqual([]);
  });

  it('sends at most four at a time', async () => {
    const o = await freshOutbox();
    for (let i = 0; i < 10; i++) await enqueue(o, 'acknowledgement', unique(`porteur-${i}`));
    const inner = localMailer();
    let inFlight = 0;
    let most = 0;
    const mailer: Mailer = {
      async send(email) {
        most = Math.max(most, ++inFlight);
        try {
          await new Promise((r) => setTimeout(r, 20));
          return await inner.send(email);
        } finally {
          inFlight -= 1;
        }
      },
    };
    expect(await sendPendingEmails({ outbox: o.repo, mailer, clock: o.clock })).toEqual({ ...zero, listed: 10, sent: 10 });
    expect(most).toBe(4);
  });

  it('takes at most `limit` emails a run, oldest first', async () => {
    const o = await freshOutbox();
    const to = [unique('first'), unique('second'), unique('third')];
    for (const address of to) {
      await enqueue(o, 'acknowledgement', address);
      o.clock.advance(SECOND);
    }
    expect(await sendPendingEmails({ outbox: o.repo, mailer: localMailer(), clock: o.clock, limit: 2 })).toEqual({
      ...zero,
      listed: 2,
      sent: 2,
    });
    expect(await storedFor(to[2]!)).toEqual([]);
    expect(await sendPendingEmails({ outbox: o.repo, mailer: localMailer(), clock: o.clock, limit: 2 })).toEqual({
      ...zero,
      listed: 1,
      sent: 1,
    });
    for (const address of to) expect(await storedFor(address)).toHaveLength(1);
  });

  it('claims each email on the version listed: one sent by another sender since the listing is skipped', async () => {
    const o = await freshOutbox();
    const to = unique('porteur');
    const { key } = await enqueue(o, 'acknowledgement', to);
    const other = otherRepo(o);
    const staleList: OutboxStore = {
      ...bind(o.repo),
      async listDue(limit) {
        const listed = await o.repo.listDue(limit);
        await other.markSent(key, 'sent-by-the-other-sender');
        return listed;
      },
    };
    const mailer = failingFirst(localMailer(), 0, throttling);
    expect(await sendPendingEmails({ outbox: staleList, mailer, clock: o.clock })).toEqual({ ...zero, listed: 1, skipped: 1 });
    expect(mailer.calls).toEqual([]);
    expect(await storedFor(to)).toEqual([]);
  });

  it('counts and moves on when another sender marked the email sent while SES was accepting it (a duplicate)', async () => {
    const o = await freshOutbox();
    const to = unique('porteur');
    const { key } = await enqueue(o, 'acknowledgement', to);
    const other = otherRepo(o);
    const inner = localMailer();
    const mailer: Mailer = {
      async send(email) {
        const accepted = await inner.send(email);
        await other.markSent(key, 'the-other-senders-message');
        return accepted;
      },
    };
    expect(await sendPendingEmails({ outbox: o.repo, mailer, clock: o.clock })).toEqual({ ...zero, listed: 1, alreadySent: 1 });
    expect(await o.repo.get(key)).toMatchObject({ status: 'sent', messageId: 'the-other-senders-message' });
  });

  it('is at least once: when the sent mark cannot be written after SES accepted, the run fails and the email goes again after the lease', async () => {
    const o = await freshOutbox();
    const to = unique('porteur');
    const second = unique('porteur');
    const { key } = await enqueue(o, 'acknowledgement', to);
    o.clock.advance(SECOND);
    await enqueue(o, 'acknowledgement', second);
    const storageDown: OutboxStore = {
      ...bind(o.repo),
      async markSent() {
        throw Object.assign(new Error('Throughput exceeds the current capacity of your table'), {
          name: 'ProvisionedThroughputExceededException',
        });
      },
    };
    await expect(sendPendingEmails({ outbox: storageDown, mailer: localMailer(), clock: o.clock, concurrency: 1 })).rejects.toThrow(
      'Throughput exceeds',
    );
    expect(await storedFor(to)).toHaveLength(1);
    // The run stopped taking emails after the failure.
    expect(await storedFor(second)).toEqual([]);
    expect((await o.repo.get(key))!.status).toBe('pending');

    // Held by its lease, then due again.
    o.clock.advance((EMAIL_RETRY_POLICY.leaseSeconds - 1) * SECOND);
    expect(await sendPendingEmails({ outbox: o.repo, mailer: localMailer(), clock: o.clock })).toEqual({ ...zero, listed: 1, sent: 1 });
    o.clock.advance(SECOND);
    expect(await sendPendingEmails({ outbox: o.repo, mailer: localMailer(), clock: o.clock })).toEqual({ ...zero, listed: 1, sent: 1 });
    expect(await storedFor(to)).toHaveLength(2);
    expect(await storedFor(second)).toHaveLength(1);
  });
});

/** The outbox's methods bound to it, to spread into a wrapper. */
function bind(repo: OutboxStore): OutboxStore {
  return {
    get: (k) => repo.get(k),
    getMany: (k) => repo.getMany(k),
    listDue: (l) => repo.listDue(l),
    claim: (k, v, u) => repo.claim(k, v, u),
    markSent: (k, m) => repo.markSent(k, m),
    recordFailure: (k, e, r) => repo.recordFailure(k, e, r),
  };
}

describe('the SES adapter (SES v1 SendEmail)', () => {
  const email: OutgoingEmail = {
    to: ['porteur@example.org', 'tresorier@example.org'],
    subject: 'Dossier AAP26-0042\u00A0: accusé de réception',
    text: 'Bonjour,\nL’Escale — 45\u202F000,00\u00A0€',
    html: '<p>Bonjour,</p><p>L’Escale — 45\u202F000,00\u00A0€</p>',
    idempotencyKey: 'dossier-42#ack',
  };

  it('sends UTF-8 subject, text and HTML, the idempotency key as a message tag, and the configuration set', async () => {
    const mailer = new SesMailer({ client: clientFor(stub.endpoint), from: SENDER, configurationSet: 'aap-inclusion-events' });
    expect(await mailer.send(email)).toEqual({ messageId: 'stub-1' });
    const sent = Object.fromEntries(stub.requests[0]!);
    expect(sent).toMatchObject({
      Action: 'SendEmail',
      Source: SENDER,
      'Destination.ToAddresses.member.1': 'porteur@example.org',
      'Destination.ToAddresses.member.2': 'tresorier@example.org',
      'Message.Subject.Data': email.subject,
      'Message.Subject.Charset': 'UTF-8',
      'Message.Body.Text.Data': email.text,
      'Message.Body.Text.Charset': 'UTF-8',
      'Message.Body.Html.Data': email.html,
      'Message.Body.Html.Charset': 'UTF-8',
      'Tags.member.1.Name': 'idempotency-key',
      'Tags.member.1.Value': idempotencyTagValue('dossier-42#ack'),
      ConfigurationSetName: 'aap-inclusion-events',
    });
    // SES allows only [A-Za-z0-9_-] in a tag value; the key has a `#`: its SHA-256 goes instead.
    expect(idempotencyTagValue('dossier-42#ack')).toMatch(/^[0-9a-f]{64}$/);
    expect(idempotencyTagValue('dossier-42#ack')).toBe(idempotencyTagValue('dossier-42#ack'));
    expect(idempotencyTagValue('dossier-42#ack')).not.toBe(idempotencyTagValue('dossier-43#ack'));
  });

  it('sends no configuration set when none is given', async () => {
    await new SesMailer({ client: clientFor(stub.endpoint), from: SENDER }).send(email);
    expect(stub.requests[0]!.has('ConfigurationSetName')).toBe(false);
  });

  it.each([
    ['MessageRejected', 400, 'MessageRejected'],
    ['MailFromDomainNotVerifiedException', 400, 'MailFromDomainNotVerifiedException'],
    ['ConfigurationSetDoesNotExist', 400, 'ConfigurationSetDoesNotExistException'],
    ['InvalidParameterValue', 400, 'InvalidParameterValue'],
  ])('turns SES error %s into a permanent MailRejectedError', async (code, status, name) => {
    stub.answer = { code, status, message: 'refused' };
    const err = await new SesMailer({ client: clientFor(stub.endpoint), from: SENDER }).send(email).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailRejectedError);
    expect(err).toMatchObject({ code: name, message: `${name}: refused`, cause: expect.objectContaining({ name }) });
    expect(isTransientMailError(err)).toBe(false);
  });

  it.each([
    ['Throttling', 400],
    ['AccountSendingPausedException', 400],
    ['ConfigurationSetSendingPausedException', 400],
    ['ServiceUnavailable', 503],
    ['InternalFailure', 500],
  ])('lets SES error %s through as transient', async (code, status) => {
    stub.answer = { code, status, message: 'not now' };
    const err = await new SesMailer({ client: clientFor(stub.endpoint), from: SENDER }).send(email).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(MailRejectedError);
    expect(err).toMatchObject({ name: code });
    expect(isTransientMailError(err)).toBe(true);
  });

  it('through aws-ses-v2-local 2.10: a v1 SendEmail keeps only its first To address, and no tag (a limit of the stand-in, not of SES)', async () => {
    const [first, second] = [unique('first'), unique('second')];
    await localMailer().send({ ...email, to: [first, second] });
    const [mail] = await storedFor(first);
    expect(mail!.destination.to).toEqual([first]);
    expect(await storedFor(second)).toEqual([]);
    expect(Object.keys(mail!)).not.toContain('tags');
  });

  it('refuses a sender that is not an address', () => {
    expect(() => new SesMailer({ client: sesClient(), from: 'Département' })).toThrow(RangeError);
  });
});

describe('the outbox Lambda (functions/outbox/send-emails.ts)', () => {
  it('reads its configuration from the environment, once checked', () => {
    const env = { TABLE_NAME: 'inclusion-aap', EMAIL_SENDER: SENDER };
    expect(readOutboxConfig(env)).toEqual({ ...env, AWS_REGION: 'eu-west-3' });
    expect(readOutboxConfig({ ...env, SES_CONFIGURATION_SET: '', SES_ENDPOINT: '', OUTBOX_BATCH_SIZE: '20' })).toEqual({
      ...env,
      AWS_REGION: 'eu-west-3',
      OUTBOX_BATCH_SIZE: 20,
    });
    expect(readOutboxConfig({ ...env, EMAIL_SENDER: 'aap@pasdecalais.fr' }).EMAIL_SENDER).toBe('aap@pasdecalais.fr');
    expect(() => readOutboxConfig({ EMAIL_SENDER: SENDER })).toThrow(/TABLE_NAME/);
    expect(() => readOutboxConfig({ ...env, EMAIL_SENDER: 'Département' })).toThrow(/EMAIL_SENDER/);
    expect(() => readOutboxConfig({ ...env, SES_ENDPOINT: 'not a url' })).toThrow(/SES_ENDPOINT/);
    expect(() => readOutboxConfig({ ...env, OUTBOX_BATCH_SIZE: '0' })).toThrow(/OUTBOX_BATCH_SIZE/);
  });

  it('sends the due emails through SES and returns the counts', async () => {
    // The Lambda runs on the system clock: queue with a clock a minute behind it.
    const o = await freshOutbox(new Date(Date.now() - 60 * SECOND));
    const to = unique('porteur');
    const { key, subject } = await enqueue(o, 'acknowledgement', to);
    const env: Record<string, string> = {
      TABLE_NAME: o.tableName,
      EMAIL_SENDER: 'aap-inclusion-2026@pasdecalais.fr',
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      SES_ENDPOINT: inject('sesEndpoint'),
    };
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    try {
      const { handler } = await import('#functions/outbox/send-emails.ts');
      const first = await handler({}, {} as never);
      expect(first).toEqual({ ...zero, listed: 1, sent: 1 });
      expect(await handler({}, {} as never)).toEqual(zero);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const [mail, ...more] = await storedFor(to);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ from: 'aap-inclusion-2026@pasdecalais.fr', subject });
    expect(await o.repo.get(key)).toMatchObject({ status: 'sent', messageId: mail!.messageId });
  });
});

/**
 * The local SES (infra/local/ses, patches/aws-ses-v2-local+2.10.2.patch): every action answers —
 * an SES v1 action it does not implement with SES's own InvalidAction error naming it (it used to
 * hang), an SES v2 one with an SES v2 error naming its method and path — and its emails live in
 * a file, not in memory: read back whole or since an instant, kept across a restart on the same
 * file, the process's memory flat while thousands are sent.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GetSendQuotaCommand, ListIdentitiesCommand, SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSes } from '#infra/local/ses/ses.ts';
import type { LocalService } from '#infra/local/listen.ts';
import { localCredentials, region } from '#test/support/aws.ts';

const dir = mkdtempSync(join(tmpdir(), 'local-ses-'));
const emailsFile = join(dir, 'emails.jsonl');
let ses: LocalService;
let client: SESClient;
beforeAll(async () => {
  ses = await startSes({ emailsFile });
  client = new SESClient({ endpoint: ses.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
});
afterAll(async () => {
  await ses?.close();
  rmSync(dir, { recursive: true, force: true });
});

const send = (subject: string, text = 'bonjour') =>
  client.send(
    new SendEmailCommand({
      Source: 'aap-inclusion-2026@pasdecalais.fr',
      Destination: { ToAddresses: ['porteur@example.org'] },
      Message: { Subject: { Data: subject }, Body: { Text: { Data: text } } },
    }),
  );
const store = async (since?: number) =>
  (await (await fetch(`${ses.endpoint}/store${since === undefined ? '' : `?since=${since}`}`)).json()) as {
    emails: { subject: string; at: number }[];
  };

describe('every action answers', () => {
  it('an SES v1 action it does not implement: InvalidAction, naming the action, at once', async () => {
    for (const command of [new GetSendQuotaCommand({}), new ListIdentitiesCommand({})]) {
      const err = (await client.send(command as never).catch((e: unknown) => e)) as Error & { $metadata?: { httpStatusCode?: number } };
      expect(err.name).toBe('InvalidAction');
      expect(err.message).toContain(command.constructor.name.replace(/Command$/, ''));
      expect(err.$metadata?.httpStatusCode).toBe(400);
    }
  });

  it('an SES v2 operation it does not implement: an SES v2 error naming it', async () => {
    const res = await fetch(`${ses.endpoint}/v2/email/identities`, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local', 'content-type': 'application/json' },
      body: JSON.stringify({ EmailIdentity: 'aap-inclusion-2026@pasdecalais.fr' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(((await res.json()) as { message: string }).message).toBe(
      'aws-ses-v2-local does not implement the SES v2 operation POST /v2/email/identities.',
    );
  });
});

describe('emails on disk', () => {
  it('reads them back whole and since an instant; a restart on the same file keeps them', async () => {
    const before = (await store()).emails.length;
    await send('premier');
    await send('second');
    const all = (await store()).emails;
    expect(all.slice(before).map((e) => e.subject)).toEqual(['premier', 'second']);
    expect((await store(all.at(-1)!.at)).emails.map((e) => e.subject)).toContain('second');
    expect((await store(all.at(-1)!.at + 3600)).emails).toEqual([]);

    await ses.close();
    ses = await startSes({ emailsFile });
    client = new SESClient({ endpoint: ses.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
    expect((await store()).emails.map((e) => e.subject)).toEqual(all.map((e) => e.subject));
    await send('après');
    expect((await store()).emails.at(-1)?.subject).toBe('après');
  });

  it('keeps 2,000 emails of 16 KB in the file, not in the heap', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const fileBefore = statSync(emailsFile).size;
    const body = 'Madame, Monsieur, '.repeat(900);
    for (let i = 0; i < 2_000; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => send(`courriel ${i + j}`, body)));
    gc();
    expect(statSync(emailsFile).size - fileBefore).toBeGreaterThan(2_000 * 16_000);
    // Held in memory, 2,000 emails of 16 KB would be 32 MB of heap (strings of one byte per character);
    // what this process allocates meanwhile for the rest (the SDK, the server) stays under 12.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(12 * 1024 * 1024);
    expect((await store()).emails.filter((e) => e.subject.startsWith('courriel '))).toHaveLength(2_000);
    // 2,000 sends over HTTP: ≈ 5 s on a quiet machine, 18–26 s with the machine's 2 cores shared (over the default 20 s).
  }, 90_000);

  it('GET /store streams them from the file; the viewer finds one email by its id', async () => {
    // Chunked, without a length: the answer is written as the file is read, not built whole first.
    const res = await fetch(`${ses.endpoint}/store`);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { templates, emails } = (await res.json()) as { templates: object; emails: { messageId: string; subject: string }[] };
    expect(templates).toEqual({});
    const sent = emails.filter((e) => e.subject.startsWith('courriel ')).map((e) => e.subject);
    expect(new Set(sent)).toEqual(new Set(Array.from({ length: 2_000 }, (_, i) => `courriel ${i}`)));
    expect(sent).toHaveLength(2_000);
    const middle = emails[emails.length >> 1]!;
    const eml = await fetch(`${ses.endpoint}/get-emlContent?messageId=${middle.messageId}`);
    expect(eml.status).toBe(200);
    expect(await eml.json()).toMatchObject({ messageId: middle.messageId, fileName: middle.subject });
    expect((await fetch(`${ses.endpoint}/get-emlContent?messageId=ses-inconnu`)).status).toBe(400);

    // A reader that goes away mid-answer stops the reading, and the store goes on (sending, answering).
    // (Each on a connection of its own, outside fetch's pool.)
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const request = get(`${ses.endpoint}/store`, { agent: false }, (partial) => {
          partial.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', (error) => (request.destroyed ? resolve() : reject(error)));
      });
    }
    await send('après les lectures interrompues');
    const after = (await store()).emails;
    expect(after).toHaveLength(emails.length + 1);
    expect(after.at(-1)?.subject).toBe('après les lectures interrompues');
  }, 30_000);
});

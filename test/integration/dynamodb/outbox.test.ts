import { beforeAll, describe, expect, it } from 'vitest';
import { EmailAlreadySentError, RecordNotFoundError } from '#domain/ports/errors.ts';
import type { NewOutboxEmail } from '#domain/ports/records.ts';
import { keys } from '#adapters/dynamodb/keys.ts';
import { caught, fixture, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('outbox', { retention: { sentEmail: 90 } });
});

function email(key: string, over: Partial<NewOutboxEmail> = {}): NewOutboxEmail {
  return {
    idempotencyKey: key,
    to: ['porteur@example.org'],
    subject: 'Accusé de réception de votre dossier',
    text: 'Bonjour,',
    html: '<p>Bonjour,</p>',
    kind: 'acknowledgement',
    dossierId: 'dossier-1',
    ...over,
  };
}

describe('email outbox', () => {
  it('queues an email once per idempotency key', async () => {
    expect(await f.repo.enqueueEmail(email('ob-1#ack'))).toBe(true);
    expect(await f.repo.enqueueEmail(email('ob-1#ack', { subject: 'again' }))).toBe(false);
    expect(await f.repo.getEmail('ob-1#ack')).toEqual({
      ...email('ob-1#ack'),
      status: 'pending',
      attempts: 0,
      createdAt: '2026-03-02T09:00:00.000Z',
      nextAttemptAt: '2026-03-02T09:00:00.000Z',
      version: 1,
    });
    expect(await f.repo.getEmail('nope')).toBeUndefined();
  });

  it('lists pending emails oldest first, up to a limit; a sent email leaves the list with a TTL', async () => {
    f.clock.advance(1000);
    await f.repo.enqueueEmail(email('ob-2'));
    f.clock.advance(1000);
    await f.repo.enqueueEmail(email('ob-3'));
    expect((await f.repo.listPendingEmails(10)).map((e) => e.idempotencyKey)).toEqual(['ob-1#ack', 'ob-2', 'ob-3']);
    expect((await f.repo.listPendingEmails(2)).map((e) => e.idempotencyKey)).toEqual(['ob-1#ack', 'ob-2']);

    f.clock.advance(1000);
    const sent = await f.repo.markEmailSent('ob-1#ack', 'ses-message-1');
    const sentAt = f.clock.now();
    expect(sent).toMatchObject({ status: 'sent', messageId: 'ses-message-1', sentAt: sentAt.toISOString(), attempts: 1, version: 2 });
    expect(sent.ttl).toBe(Math.floor(sentAt.getTime() / 1000) + 90 * 86_400);
    expect((await f.repo.listPendingEmails(10)).map((e) => e.idempotencyKey)).toEqual(['ob-2', 'ob-3']);
    expect(await f.rawItem(keys.email('ob-1#ack'))).not.toHaveProperty('GSI4PK');
  });

  it('refuses to mark an email sent twice (concurrent senders: one wins)', async () => {
    await f.repo.enqueueEmail(email('ob-4'));
    const results = await Promise.allSettled([f.repo.markEmailSent('ob-4', 'm-a'), f.repo.markEmailSent('ob-4', 'm-b')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const err = await caught(() => f.repo.markEmailSent('ob-4', 'm-c'));
    expect(err).toBeInstanceOf(EmailAlreadySentError);
    expect(['m-a', 'm-b']).toContain((err as EmailAlreadySentError).messageId);
    await expect(f.repo.recordEmailFailure('ob-4', 'boom', f.clock.now())).rejects.toBeInstanceOf(EmailAlreadySentError);
    await expect(f.repo.markEmailSent('ghost', 'm')).rejects.toBeInstanceOf(RecordNotFoundError);
    expect(await f.repo.getEmail('ghost')).toBeUndefined();
  });

  it('a failed attempt is counted and the email waits until its retry time', async () => {
    await f.repo.enqueueEmail(email('ob-5'));
    const retryAt = new Date(f.clock.now().getTime() + 5 * 60_000);
    const failed = await f.repo.recordEmailFailure('ob-5', 'Throttling: Maximum sending rate exceeded.', retryAt);
    expect(failed).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'Throttling: Maximum sending rate exceeded.',
      nextAttemptAt: retryAt.toISOString(),
    });
    expect((await f.repo.listPendingEmails(50)).map((e) => e.idempotencyKey)).not.toContain('ob-5');
    f.clock.set(retryAt);
    expect((await f.repo.listPendingEmails(50)).map((e) => e.idempotencyKey)).toContain('ob-5');
    const sent = await f.repo.markEmailSent('ob-5', 'm-5');
    expect(sent.attempts).toBe(2);
  });

  it('keeps a sent email for ever when no retention is configured', async () => {
    const g = await fixture('outbox-noretention');
    await g.repo.enqueueEmail(email('k'));
    const sent = await g.repo.markEmailSent('k', 'm');
    expect(sent.ttl).toBeUndefined();
    expect(await g.rawItem(keys.email('k'))).not.toHaveProperty('ttl');
  });
});

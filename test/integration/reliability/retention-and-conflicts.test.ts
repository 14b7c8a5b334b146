/**
 * Records that expire carry their TTL (data/retention.json), and a write that loses a race on the
 * dossier is re-applied on the fresh record, never half-applied nor lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '#adapters/ses/ses-mailer.ts';
import { sendPendingEmails } from '#domain/notifications/send-outbox.ts';
import { RETENTION } from '#domain/retention.ts';
import { queueExecutionEvent } from '#domain/workflow/execution-events.ts';
import { changeDossier } from '#domain/workflow/dossier-change.ts';
import { workflowOf } from '#domain/workflow/state.ts';
import type { DossierCommit } from '#domain/ports/commit.ts';
import { VersionConflictError } from '#domain/ports/errors.ts';
import { sesClient } from '#test/support/aws.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-03-02');
});
afterAll(async () => {
  await h?.close();
});

const DAY_S = 86_400;

describe('retention', () => {
  it('idempotency records and sent emails expire by TTL after their retention period', async () => {
    const d = await h.submit();
    const nowS = Math.floor(h.clock.now().getTime() / 1000);
    const submitted = await h.platform.deps.timeline.list(d.id);
    expect(submitted.length).toBeGreaterThan(0);
    const mailer = new SesMailer({ client: sesClient(), from: 'aap-inclusion-2026@pasdecalais.fr' });
    const result = await sendPendingEmails({ outbox: h.platform.deps.outbox, mailer, clock: h.clock, limit: 100 });
    expect(result.sent).toBeGreaterThan(0);
    const ack = await h.platform.deps.outbox.get(`acknowledgement#${d.id}`);
    expect(ack?.status).toBe('sent');
    expect(ack!.ttl! - nowS).toBeGreaterThanOrEqual(RETENTION.sentEmail! * DAY_S - 5);
    expect(ack!.ttl! - nowS).toBeLessThanOrEqual(RETENTION.sentEmail! * DAY_S + 5);
    // A pending email never expires: it must be sent first.
    const pending = (await h.emails(d.id)).filter((e) => e.status === 'pending');
    for (const e of pending) expect(e.ttl).toBeUndefined();
  });
});

describe('conflicting writes on a dossier', () => {
  it('20 events queued at once on one dossier: each applied exactly once', async () => {
    const d = await h.submit({ mutate: (s) => (s.participantsPlanned = 55) });
    await h.act(d.id, 'completeness-check', 'complete');
    await h.act(d.id, 'chief-validation', 'approve');
    await h.act(d.id, 'cp-decision', 'favourable', { amountCents: 1_000_000, cpDate: h.today(), deliberationNumber: 'CP-RACE' });
    await h.act(d.id, 'convention-signature', 'signed', { signedOn: h.today() });
    const dates = Array.from(
      { length: 20 },
      (_, i) => `2026-${String(5 + Math.floor(i / 10)).padStart(2, '0')}-${String(10 + (i % 10)).padStart(2, '0')}`,
    );
    await Promise.all(
      dates.map((date, i) => queueExecutionEvent(h.platform.deps, d.id, `race-${i}`, { type: 'comite-scheduled', comiteDate: date })),
    );
    await h.settle();
    const workflow = workflowOf(await h.dossier(d.id));
    expect(workflow.events).toHaveLength(20);
    expect(workflow.events.every((e) => e.processed)).toBe(true);
    expect(workflow.comites.map((c) => c.date).sort()).toEqual([...dates].sort());
    expect((await h.timelineTypes(d.id)).filter((t) => t === 'comite-scheduled')).toHaveLength(20);
  });

  it('a write that keeps losing is reported, and the dossier is left as it was', async () => {
    const d = await h.submit({ mutate: (s) => (s.participantsPlanned = 56) });
    const before = await h.dossier(d.id);
    let attempts = 0;
    const alwaysConflicting = {
      ...h.platform.deps,
      commits: {
        commit: async (c: DossierCommit) => {
          attempts++;
          throw new VersionConflictError('dossier', c.dossier.id, c.expectedVersion, c.expectedVersion + 1);
        },
      },
    };
    await expect(
      changeDossier(alwaysConflicting, d.id, (change) => {
        change.workflow.closedOn = '2026-03-02';
        return undefined;
      }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    // Decided again on a fresh read each time, a bounded number of times.
    expect(attempts).toBe(25);
    expect(await h.dossier(d.id)).toEqual(before);
  });
});

/**
 * The stream → EventBridge publisher on the local platform: the table's change feed
 * (infra/local/events/change-feed.ts), filtered and batched as the event source mapping does,
 * into the very publisher handler (functions/events/transitions.ts), which puts the events over
 * the SDK on the local bus. Read back from the bus: one DossierTransition per timeline item of
 * the dossier, in order, ids and event type only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { validSubmissionFixture } from '#infra/local/sample-dossier.ts';
import { morningOf } from '#test/support/workflow-harness.ts';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ startAt: morningOf('2026-03-02'), tickMs: 3_600_000 });
}, 60_000);
afterAll(() => platform?.stop());

const call = async (method: string, path: string, identity: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${platform.api}${path}`, {
    method,
    headers: { 'x-identite': identity, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
};

it('publishes each timeline item of a dossier as a DossierTransition on the local bus, in order, ids only', async () => {
  const filed = await call('POST', '/dossiers', 'porteur:bus-probe', validSubmissionFixture(), { 'idempotency-key': 'bus-probe-0001' });
  expect(filed.status).toBe(201);
  const dossierId = filed.body.id as string;
  await platform.tick();
  await platform.transitions.idle();

  const detail = await call('GET', `/dossiers/${dossierId}`, 'porteur:bus-probe');
  const timeline = (detail.body.historique as { n: number; type: string; le: string }[]).map((e) => ({
    seq: e.n,
    eventType: e.type,
    at: e.le,
  }));
  expect(timeline.length).toBeGreaterThan(1);

  const published = platform.transitions.bus
    .events(platform.transitions.busName)
    .filter((e) => (e.detail as { dossierId: string }).dossierId === dossierId);
  expect(
    published.map((e) => ({
      seq: (e.detail as { seq: number }).seq,
      eventType: (e.detail as { eventType: string }).eventType,
      at: e.time,
    })),
  ).toEqual(timeline);
  // Readable over HTTP too, as the platform serves it.
  const served = (await (await fetch(`${platform.api}/_local/evenements`)).json()) as { evenements: unknown[] };
  expect(served.evenements).toEqual(JSON.parse(JSON.stringify(platform.transitions.bus.events())));
  for (const event of published) {
    expect(event).toMatchObject({ source: 'inclusion-aap.dossiers', detailType: 'DossierTransition' });
    expect(Object.keys(event.detail as object).sort()).toEqual(['dossierId', 'eventType', 'seq']);
  }
}, 60_000);

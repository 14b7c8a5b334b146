/**
 * The local EventBridge bus (infra/local/events/bus.ts) answers PutEvents the same over its port
 * (outside clients, the AWS SDK here) and in process (the platform's own publisher, through the
 * functions' small client): the events kept in order, the entries EventBridge would refuse reported
 * one by one, a refused call as the service's error, named as the SDK names it.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry, type PutEventsResponse } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventBridge, putEvents } from '#adapters/aws/eventbridge.ts';
import { startEventBus, type LocalEventBus } from '#infra/local/events/bus.ts';
import { localCredentials, region } from '#test/support/aws.ts';

let bus: LocalEventBus;
let overHttp: EventBridgeClient;
let inProcess: EventBridge;
beforeAll(async () => {
  bus = await startEventBus();
  overHttp = new EventBridgeClient({ endpoint: bus.endpoint, region, credentials: localCredentials, maxAttempts: 1 });
  inProcess = bus.client(region);
});
afterAll(async () => {
  overHttp?.destroy();
  await bus?.close();
});

const entry = (n: number): PutEventsRequestEntry => ({
  EventBusName: 'probe',
  Source: 'probe.source',
  DetailType: 'Probe',
  Detail: JSON.stringify({ n }),
});

type Put = (entries: PutEventsRequestEntry[]) => Promise<PutEventsResponse>;
describe.each<[string, Put]>([
  ['over HTTP', (entries) => overHttp.send(new PutEventsCommand({ Entries: entries }))],
  ['in process', (entries) => putEvents<PutEventsResponse>(inProcess, entries)],
])('the local bus %s', (_, put) => {
  it('keeps the accepted events in order and reports each refused entry', async () => {
    const before = bus.events('probe').length;
    const answer = await put([entry(1), { ...entry(2), Detail: 'not json' }, { ...entry(3), Source: undefined }, entry(4)]);
    expect(answer.FailedEntryCount).toBe(2);
    expect(answer.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual(['ok', 'MalformedDetail', 'InvalidArgument', 'ok']);
    expect(
      bus
        .events('probe')
        .slice(before)
        .map((e) => e.detail),
    ).toEqual([{ n: 1 }, { n: 4 }]);
  });

  it('refuses more than 10 entries with a ValidationException, as EventBridge', async () => {
    const error = await put(Array.from({ length: 11 }, (_, i) => entry(i))).catch(
      (e: unknown) => e as Error & { $metadata: { httpStatusCode: number } },
    );
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('the local bus over HTTP', () => {
  it('answers whole, with its length, as EventBridge does (no chunked framing)', async () => {
    const answer = await fetch(bus.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: JSON.stringify({ Entries: [entry(1)] }),
    });
    const text = await answer.text();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(answer.headers.get('transfer-encoding')).toBeNull();
  });
});

describe('the local bus, an entry whose Time is no date', () => {
  it('refuses that entry (InvalidArgument) and keeps the others', async () => {
    const before = bus.events('probe').length;
    const answer = await inProcess.call<PutEventsResponse>('PutEvents', { Entries: [{ ...entry(7), Time: 1e20 }, entry(8)] });
    expect(answer.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual(['InvalidArgument', 'ok']);
    expect(
      bus
        .events('probe')
        .slice(before)
        .map((e) => e.detail),
    ).toEqual([{ n: 8 }]);
  });
});

describe('the local bus kept in memory', () => {
  it('keeps the latest events only, their ids counting every event put', async () => {
    const small = await startEventBus({ keep: 10 });
    try {
      const client = small.client(region);
      for (let i = 0; i < 5; i++)
        await putEvents(
          client,
          Array.from({ length: 5 }, (_, k) => entry(5 * i + k)),
        );
      const kept = small.events();
      expect(kept.length).toBeGreaterThanOrEqual(10);
      expect(kept.length).toBeLessThanOrEqual(11);
      expect(kept.at(-1)).toMatchObject({ id: 'local-25', detail: { n: 24 } });
      expect(kept.map((e) => (e.detail as { n: number }).n)).toEqual(Array.from({ length: kept.length }, (_, k) => 25 - kept.length + k));
    } finally {
      await small.close();
    }
  });
});

import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiActivity } from '#infra/local/api-activity.ts';
import { mapStream } from '#infra/local/events/event-source.ts';

describe('the API activity the background work yields to', () => {
  // Timers faked: the test does not depend on how busy the machine is.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is busy while a request is in flight, and tells its listeners when the last one ends', () => {
    const api = new ApiActivity();
    let idle = 0;
    api.onIdle(() => {
      idle += 1;
    });
    expect(api.busy()).toBe(false);
    api.begin();
    api.begin();
    api.end();
    expect(api.busy()).toBe(true);
    expect(idle).toBe(0);
    api.end();
    expect(api.busy()).toBe(false);
    expect(idle).toBe(1);
  });

  it('whenIdle resolves at once when idle, when the last request ends, or after maxWaitMs under a sustained load', async () => {
    const api = new ApiActivity();
    await api.whenIdle(1_000);
    api.begin();
    let resolved = false;
    void api.whenIdle(1_000).then(() => {
      resolved = true;
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(resolved).toBe(false); // a request in flight
    api.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(true);

    api.begin(); // never ends: the waiter is let go after maxWaitMs anyway
    let letGo = false;
    void api.whenIdle(20).then(() => {
      letGo = true;
    });
    await vi.advanceTimersByTimeAsync(19);
    expect(letGo).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(letGo).toBe(true);
    api.end();
  });
});

describe('a stream mapping that yields', () => {
  it('delivers no batch until its yieldTo resolves, then every record in order', async () => {
    const api = new ApiActivity();
    const delivered: string[] = [];
    const mapping = mapStream({
      filter: {},
      batchSize: 2,
      handler: async (event) => {
        delivered.push(...event.Records.map((r) => r.eventID!));
        return undefined;
      },
      yieldTo: () => api.whenIdle(60_000),
    });
    api.begin();
    for (const id of ['1', '2', '3']) mapping.push({ eventID: id } as DynamoDBRecord);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(delivered).toEqual([]); // the API is answering
    api.end();
    await mapping.idle();
    expect(delivered).toEqual(['1', '2', '3']);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiFirst } from '#infra/local/api-first.ts';

/** A request the test answers when it wants. */
function request(apiFirst: ApiFirst) {
  let answer = () => {};
  const served = apiFirst.serve(() => new Promise<void>((resolve) => (answer = resolve)));
  return {
    answer: async () => {
      answer();
      await served;
    },
  };
}

describe('background work yields to the API (ApiFirst)', () => {
  it('goes at once while no request is in flight', async () => {
    const apiFirst = new ApiFirst();
    expect(apiFirst.busy).toBe(false);
    let went = false;
    await apiFirst.yield(60_000).then(() => (went = true));
    expect(went).toBe(true);
  });

  it('waits while requests are in flight, and goes when the last is answered', async () => {
    const apiFirst = new ApiFirst();
    let idle = 0;
    apiFirst.onIdle(() => idle++);
    const first = request(apiFirst);
    const second = request(apiFirst);
    expect(apiFirst.busy).toBe(true);
    let went = false;
    const waiting = apiFirst.yield(60_000).then(() => (went = true));
    await first.answer();
    await new Promise(setImmediate);
    expect(went).toBe(false);
    expect(idle).toBe(0);
    await second.answer();
    await waiting;
    expect(went).toBe(true);
    expect(idle).toBe(1);
    expect(apiFirst.busy).toBe(false);
  });

  it('waits no longer than its bound under a load that never ends', async () => {
    const apiFirst = new ApiFirst();
    const endless = request(apiFirst);
    const started = performance.now();
    await apiFirst.yield(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    expect(apiFirst.busy).toBe(true);
    await endless.answer();
  });

  it('counts a request that fails as answered', async () => {
    const apiFirst = new ApiFirst();
    await expect(apiFirst.serve(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(apiFirst.busy).toBe(false);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DAY, fixture, startTestRuntime, type TestRuntime } from './harness.ts';

let current: TestRuntime | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function waitsRuntime() {
  const stamps: { label: string; at: string }[] = [];
  const t = await startTestRuntime({
    functions: {
      stamp: async (payload) => {
        const at = t.clock.now().toISOString();
        stamps.push({ label: (payload as { label: string }).label, at });
        return { at };
      },
    },
    machines: { waits: fixture('waits') },
  });
  current = t;
  const start = async (input: unknown) => {
    const { executionArn } = await t.runtime.startExecution({
      stateMachineArn: t.arns.waits as string,
      name: 'waits-1',
      input: JSON.stringify(input),
    });
    await t.runtime.idle();
    return executionArn;
  };
  return { ...t, stamps, start };
}

describe('Wait states', () => {
  it('park until the SecondsPath and TimestampPath instants by the clock; only runDueTimers moves them', async () => {
    const t = await waitsRuntime();
    const executionArn = await t.start({ cooldownSeconds: 30 * 24 * 3600, deadline: '2026-06-30T22:00:00Z' });

    // Idle while parked: no work is pending, and wall time does nothing.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.stamps).toEqual([]);

    t.clock.advance(30 * DAY - 1);
    expect(await t.runtime.runDueTimers()).toBe(0);
    expect(t.stamps).toEqual([]);

    t.clock.advance(1);
    expect(await t.runtime.runDueTimers()).toBe(1);
    expect(t.stamps).toEqual([{ label: 'after-cooldown', at: '2026-04-01T08:00:00.000Z' }]);
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('RUNNING');

    t.clock.set('2026-06-30T21:59:59.999Z');
    expect(await t.runtime.runDueTimers()).toBe(0);
    t.clock.set('2026-07-01T09:00:00Z');
    expect(await t.runtime.runDueTimers()).toBe(1);

    const description = await t.runtime.describeExecution({ executionArn });
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output as string)).toMatchObject({
      afterCooldown: { at: '2026-04-01T08:00:00.000Z' },
      afterDeadline: { at: '2026-07-01T09:00:00.000Z' },
    });
    const types = (await t.runtime.getExecutionHistory({ executionArn })).events.map((e) => e.type);
    expect(types.filter((type) => type.startsWith('Wait'))).toEqual([
      'WaitStateEntered',
      'WaitStateExited',
      'WaitStateEntered',
      'WaitStateExited',
    ]);
  });

  it('goes on at once through a Wait whose instant has already passed', async () => {
    const t = await waitsRuntime();
    const executionArn = await t.start({ cooldownSeconds: 3600, deadline: '2026-01-01T00:00:00Z' });
    t.clock.advance(3600 * 1000);
    expect(await t.runtime.runDueTimers()).toBe(1);
    expect((await t.runtime.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    expect(t.stamps.map((s) => s.label)).toEqual(['after-cooldown', 'after-deadline']);
  });

  it('fails the execution with States.Runtime on a SecondsPath that is not a number of seconds', async () => {
    const t = await waitsRuntime();
    const executionArn = await t.start({ cooldownSeconds: 'soon', deadline: '2026-06-30T22:00:00Z' });
    expect(await t.runtime.describeExecution({ executionArn })).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

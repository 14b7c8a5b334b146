/**
 * The functions' log lines (functions/observability.ts): keyed by the invocation's context, the keys
 * a handler appends kept for its own lines only, whether it returns or fails; a line written with
 * `logLine` is its own invocation's, whatever other invocation ran meanwhile in the process.
 */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaHandler, logger, logLine } from '#functions/observability.ts';

const context = (awsRequestId: string) =>
  ({
    functionName: 'api-taches',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-3:000000000000:function:api-taches',
    memoryLimitInMB: '1024',
    awsRequestId,
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;

describe('lambdaHandler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keys each line by its invocation, and forgets the keys a handler appended once it returns or fails', async () => {
    const lines: Record<string, unknown>[] = [];
    // POWERTOOLS_DEV (vitest.config.ts): the logger writes through the global console.
    vi.spyOn(console, 'info').mockImplementation((text: string) => void lines.push(JSON.parse(text) as Record<string, unknown>));
    const handler = lambdaHandler(async (event: { append?: string; fail?: boolean }) => {
      if (event.append) logger.appendKeys({ dossierId: event.append });
      logger.info('line');
      if (event.fail) throw new Error('échec');
      return 'ok';
    });
    await handler({ append: 'D1' }, context('r1'));
    await expect(handler({ append: 'D2', fail: true }, context('r2'))).rejects.toThrow('échec');
    await handler({}, context('r3'));
    expect(lines.map((l) => [l.function_request_id, l.function_name, l.dossierId])).toEqual([
      ['r1', 'api-taches', 'D1'],
      ['r2', 'api-taches', 'D2'],
      ['r3', 'api-taches', undefined],
    ]);
  });

  it('writes a line with the ids of the invocation that writes it, another having started meanwhile (the local platform: one process)', async () => {
    const lines: Record<string, unknown>[] = [];
    vi.spyOn(console, 'info').mockImplementation((text: string) => void lines.push(JSON.parse(text) as Record<string, unknown>));
    vi.spyOn(console, 'error').mockImplementation((text: string) => void lines.push(JSON.parse(text) as Record<string, unknown>));
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = lambdaHandler(async (event: { wait?: boolean; dossierId: string }, context: Context) => {
      if (event.wait) await gate;
      logLine(context, 'info', 'line', { dossierId: event.dossierId });
      if (event.wait) logLine(context, 'error', 'fault', { dossierId: event.dossierId, error: new Error('échec') });
      return 'ok';
    });
    const first = handler({ wait: true, dossierId: 'D1' }, context('r1'));
    await handler({ dossierId: 'D2' }, context('r2'));
    release();
    await first;
    expect(lines.map((l) => [l.message, l.function_request_id, l.dossierId])).toEqual([
      ['line', 'r2', 'D2'],
      ['line', 'r1', 'D1'],
      ['fault', 'r1', 'D1'],
    ]);
    expect(lines[2]!.error).toMatchObject({ name: 'Error', message: 'échec' });
  });
});

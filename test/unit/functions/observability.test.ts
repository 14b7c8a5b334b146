/**
 * The functions' log lines (functions/observability.ts): keyed by the invocation's context, the keys
 * a handler appends kept for its own lines only, whether it returns or fails.
 */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaHandler, logger } from '#functions/observability.ts';

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
});

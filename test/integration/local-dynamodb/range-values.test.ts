/**
 * The values the local DynamoDB keeps parsed for its range reads (patches/dynalite+4.0.0.patch,
 * rangeValue in db/index.js): a Query answers what the store holds now, whatever it answered
 * before — an index entry or an item rewritten, removed, or written again with the same content —
 * in memory (memory-level: the platform of the tests and of the inbox bench) as on disk (LevelDB:
 * `npm start`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEngine, startEngine } from './fixtures/engine.ts';

const TABLE = 'range-values';

describe.each(['memory', 'disk'] as const)('the values a Query reads, kept parsed (%s)', (where) => {
  let engine: LocalEngine;
  const call = (operation: string, data: object) => engine.call(operation, data);
  const put = (pk: string, step: string, extra: object = {}) =>
    call('PutItem', { TableName: TABLE, Item: { pk: { S: pk }, queue: { S: 'q' }, step: { S: step }, ...extra } });
  const setStep = (pk: string, step: string) => engine.setString(TABLE, pk, 'step', step);
  /** The index's entries of queue q, as answered, and the table's items of partition `pk`. */
  const inQueue = async () => {
    const { err, result } = await call('Query', {
      TableName: TABLE,
      IndexName: 'byQueue',
      KeyConditionExpression: 'queue = :q',
      ExpressionAttributeValues: { ':q': { S: 'q' } },
    });
    expect(err).toBeNull();
    return (result?.Items ?? []).map((item: Record<string, { S: string }>) => `${item.pk?.S}:${item.step?.S}`).sort();
  };
  const tableItems = async () => {
    const { err, result } = await call('Query', {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'a' } },
    });
    expect(err).toBeNull();
    return result?.Items;
  };

  beforeAll(async () => {
    engine = await startEngine(
      {
        TableName: TABLE,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'queue', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byQueue',
            KeySchema: [{ AttributeName: 'queue', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['step'] },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      },
      { where },
    );
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('answers an index entry as the store holds it after each write of its item', async () => {
    await put('a', 'filed');
    await put('b', 'filed');
    expect(await inQueue()).toEqual(['a:filed', 'b:filed']);
    expect(await inQueue()).toEqual(['a:filed', 'b:filed']); // read again: kept

    await setStep('a', 'complete');
    expect(await inQueue()).toEqual(['a:complete', 'b:filed']);

    await setStep('a', 'filed'); // back to a content it had, written again
    expect(await inQueue()).toEqual(['a:filed', 'b:filed']);

    await call('UpdateItem', { TableName: TABLE, Key: { pk: { S: 'b' } }, UpdateExpression: 'REMOVE queue' });
    expect(await inQueue()).toEqual(['a:filed']);
    await call('DeleteItem', { TableName: TABLE, Key: { pk: { S: 'a' } } });
    expect(await inQueue()).toEqual([]);
    await put('a', 'again');
    expect(await inQueue()).toEqual(['a:again']);
  });

  it('answers a table item as the store holds it, its unprojected attributes too', async () => {
    await put('a', 'filed', { note: { S: 'one' } });
    expect(await tableItems()).toEqual([{ pk: { S: 'a' }, queue: { S: 'q' }, step: { S: 'filed' }, note: { S: 'one' } }]);
    await call('UpdateItem', {
      TableName: TABLE,
      Key: { pk: { S: 'a' } },
      UpdateExpression: 'SET note = :n',
      ExpressionAttributeValues: { ':n': { S: 'two' } },
    });
    expect(await tableItems()).toEqual([{ pk: { S: 'a' }, queue: { S: 'q' }, step: { S: 'filed' }, note: { S: 'two' } }]);
  });

  it('gives a page the same size whether its entries were parsed afresh or kept', async () => {
    // 1 MB pages: entries large enough that a page ends before the queue does, read twice (the
    // second time, the entries the first one left kept are answered as kept).
    const big = 'x'.repeat(100 * 1024);
    for (let i = 1; i <= 12; i++) await put(`p${i}`, big);
    const page = async () =>
      (
        await call('Query', {
          TableName: TABLE,
          IndexName: 'byQueue',
          KeyConditionExpression: 'queue = :q',
          ExpressionAttributeValues: { ':q': { S: 'q' } },
        })
      ).result;
    const first = await page();
    const second = await page();
    expect(first?.LastEvaluatedKey).toBeDefined();
    expect(second).toEqual(first);
  });
});

/**
 * The size of the item an update makes (patches/dynalite+4.0.0.patch, updatedSize in
 * actions/updateItem.js: the old item's size less the attributes changed or removed, plus those
 * changed or added): the 400 KB limit and the write capacity see the new item's size, whatever the
 * update changed, removed or added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEngine, singleKeyTable, startEngine } from './fixtures/engine.ts';

const TABLE = 'update-size';
const KB = 1024;
let engine: LocalEngine;

const call = (operation: string, data: object) => engine.call(operation, data);
const text = (kb: number) => ({ S: 'x'.repeat(kb * KB) });
/** An update of item `pk`; resolves to its error's message, or to the write units it consumed. */
async function update(pk: string, expression: string, values?: Record<string, unknown>): Promise<string | number> {
  const { err, result } = await call('UpdateItem', {
    TableName: TABLE,
    Key: { pk: { S: pk } },
    UpdateExpression: expression,
    ExpressionAttributeValues: values,
    ReturnConsumedCapacity: 'TOTAL',
  });
  return err ? String(err.body?.message) : result?.ConsumedCapacity?.CapacityUnits;
}
const TOO_BIG = 'Item size to update has exceeded the maximum allowed size';

beforeAll(async () => {
  engine = await startEngine(singleKeyTable(TABLE));
});
afterAll(async () => {
  await engine?.close();
});

describe("the size of an update's item", () => {
  it('counts what the update adds, changes and removes, for the 400 KB limit', async () => {
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'a' }, big: text(300), small: text(1) } });
    expect(await update('a', 'SET more = :v', { ':v': text(150) })).toBe(TOO_BIG);
    expect(await update('a', 'SET big = :v', { ':v': text(399) })).toBe(TOO_BIG);
    expect(typeof (await update('a', 'REMOVE big SET more = :v', { ':v': text(350) }))).toBe('number');
    expect(await update('a', 'SET small = :v', { ':v': text(60) })).toBe(TOO_BIG);
    expect(typeof (await update('a', 'SET small = :v', { ':v': text(40) }))).toBe('number');
    expect(await update('a', 'SET nested = :m', { ':m': { M: { deep: text(10) } } })).toBe(TOO_BIG);
  });

  it('weighs the new item for the write capacity: the larger of the old and the new', async () => {
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'b' }, body: text(10) } });
    expect(await update('b', 'SET extra = :v', { ':v': text(5) })).toBe(16); // 10 KB + 5 KB + names: 16 units
    expect(await update('b', 'REMOVE body')).toBe(16); // the old item, 15 KB and more, weighs more
    expect(await update('b', 'SET extra = :v', { ':v': text(1) })).toBe(6);
    expect(await update('b', 'SET m = :m', { ':m': { M: { a: text(2), b: { L: [text(2)] } } } })).toBe(6);
    expect(await update('b', 'SET m.c = :v', { ':v': text(3) })).toBe(9);
  });
});

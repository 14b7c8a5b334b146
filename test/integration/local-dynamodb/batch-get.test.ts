/**
 * BatchGetItem over several tables (patches/dynalite+4.0.0.patch, actions/batchGetItem.js): every
 * table's keys checked before any item is read, each table's items answered (an absent one left
 * out), the capacity by table, and the first error the answer — also when a table's description is
 * read again (after a table write), one turn later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEngine, singleKeyTable, startEngine } from './fixtures/engine.ts';

const A = 'batch-get-a';
const B = 'batch-get-b';
let engine: LocalEngine;

const call = (operation: string, data: object) => engine.call(operation, data);
const keys = (...pks: string[]) => pks.map((pk) => ({ pk: { S: pk } }));
/** A table's answered items, as their pk and value, in key order (BatchGetItem answers them in any order). */
const answered = (items: { pk: { S: string }; value: { S: string } }[] | undefined) =>
  (items ?? []).map((item) => `${item.pk.S}=${item.value.S}`).sort();

beforeAll(async () => {
  engine = await startEngine(singleKeyTable(A));
  await engine.createTable(singleKeyTable(B));
  for (const [table, pk] of [
    [A, 'a1'],
    [A, 'a2'],
    [B, 'b1'],
  ] as const)
    await call('PutItem', { TableName: table, Item: { pk: { S: pk }, value: { S: `${table}/${pk}` } } });
});
afterAll(async () => {
  await engine?.close();
});

describe('BatchGetItem over several tables', () => {
  it("answers each table's items, the absent ones left out, and the capacity by table", async () => {
    const { err, result } = await call('BatchGetItem', {
      RequestItems: { [A]: { Keys: keys('a2', 'nothing', 'a1') }, [B]: { Keys: keys('b1', 'b2') } },
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(err).toBeNull();
    expect(Object.keys(result?.Responses ?? {})).toEqual([A, B]);
    expect(answered(result?.Responses[A])).toEqual([`a1=${A}/a1`, `a2=${A}/a2`]);
    expect(answered(result?.Responses[B])).toEqual([`b1=${B}/b1`]);
    expect(result?.UnprocessedKeys).toEqual({});
    expect(result?.ConsumedCapacity).toEqual([
      { CapacityUnits: 1.5, TableName: A },
      { CapacityUnits: 1, TableName: B },
    ]);
  });

  it('reads each key once, whether the tables are answered in this turn or one turn later', async () => {
    const store = engine.dynamo.store as { getItemDb: (table: string) => unknown };
    const getItemDb = store.getItemDb;
    const readsOf = async () => {
      let reads = 0;
      store.getItemDb = (table) => {
        reads++;
        return getItemDb(table);
      };
      try {
        await call('BatchGetItem', { RequestItems: { [A]: { Keys: keys('a1', 'a2') }, [B]: { Keys: keys('b1') } } });
      } finally {
        store.getItemDb = getItemDb;
      }
      return reads;
    };
    expect(await readsOf()).toBe(3); // the tables' descriptions current: answered in this turn
    await engine.createTable(singleKeyTable('batch-get-d'));
    expect(await readsOf()).toBe(3); // read again after a table write
  });

  it('answers the same right after a table write (the tables read again, one turn later)', async () => {
    await engine.createTable(singleKeyTable('batch-get-c'));
    const { err, result } = await call('BatchGetItem', {
      RequestItems: { [A]: { Keys: keys('a1') }, [B]: { Keys: keys('b1') } },
    });
    expect(err).toBeNull();
    expect(answered(result?.Responses[A])).toEqual([`a1=${A}/a1`]);
    expect(answered(result?.Responses[B])).toEqual([`b1=${B}/b1`]);
  });

  it('refuses the whole request for a table that does not exist or a key that does not match, reading nothing', async () => {
    const missing = await call('BatchGetItem', {
      RequestItems: { [A]: { Keys: keys('a1') }, 'batch-get-none': { Keys: keys('x') } },
    });
    expect(missing.result).toBeUndefined();
    expect(missing.err?.body?.__type).toMatch(/ResourceNotFoundException$/);

    const mismatched = await call('BatchGetItem', {
      RequestItems: { [A]: { Keys: keys('a1') }, [B]: { Keys: [{ other: { S: 'b1' } }] } },
    });
    expect(mismatched.result).toBeUndefined();
    expect(mismatched.err?.body).toEqual({
      __type: 'com.amazon.coral.validate#ValidationException',
      message: 'The provided key element does not match the schema',
    });
  });
});

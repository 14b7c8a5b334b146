/**
 * How the local DynamoDB updates an item (patches/dynalite+4.0.0.patch, actions/updateItem.js): an
 * update changes a copy of what it changes (copy on write), never the item as it was, which earlier
 * reads share (the store keeps items parsed), and reads its operands before it changes anything, as
 * DynamoDB does. On disk, as `npm start` keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEngine, startEngine } from './fixtures/engine.ts';

const TABLE = 'copy-on-write';
let engine: LocalEngine;

const call = (operation: string, data: object) => engine.call(operation, data);
const read = async (pk: string) => (await call('GetItem', { TableName: TABLE, Key: { pk: { S: pk } } })).result?.Item;
const byIndex = async (g: string) =>
  (
    await call('Query', {
      TableName: TABLE,
      IndexName: 'by-g',
      KeyConditionExpression: 'g = :g',
      ExpressionAttributeValues: { ':g': { S: g } },
    })
  ).result?.Items;
const update = (pk: string, expression: string, values: object) =>
  call('UpdateItem', {
    TableName: TABLE,
    Key: { pk: { S: pk } },
    UpdateExpression: expression,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW',
  });

beforeAll(async () => {
  engine = await startEngine({
    TableName: TABLE,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'g', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'by-g',
        KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['m'] },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  });
});
afterAll(async () => {
  await engine?.close();
});

describe('an update of the local DynamoDB', () => {
  it('updates of one item given at once are applied in the order they were given', async () => {
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'o' }, g: { S: 'order' } } });
    // Each request takes the item's lock in turn: the second waits until the first is written.
    const first = update('o', 'SET v = :v', { ':v': { S: 'first' } });
    const second = update('o', 'SET v = :v', { ':v': { S: 'second' } });
    const removed = call('DeleteItem', { TableName: TABLE, Key: { pk: { S: 'o' } } });
    expect((await first).result?.Attributes?.v).toEqual({ S: 'first' });
    expect((await second).result?.Attributes?.v).toEqual({ S: 'second' });
    expect((await removed).err).toBeNull();
    expect(await read('o')).toBeUndefined();
    expect(await byIndex('order')).toEqual([]);
  });

  it('an update leaves the item as it was read before unchanged, and reads its operands before it changes anything', async () => {
    await call('PutItem', {
      TableName: TABLE,
      Item: {
        pk: { S: 'u' },
        g: { S: 'before' },
        m: { M: { a: { N: '1' }, l: { L: [{ S: 'x' }, { M: { q: { N: '2' } } }] }, s: { SS: ['a', 'b'] } } },
      },
    });
    const before = await read('u');
    const snapshot = JSON.stringify(before);

    const steps: [string, object][] = [
      ['SET m.a = :v', { ':v': { N: '9' } }],
      ['ADD m.a :v', { ':v': { N: '2' } }],
      ['SET m.l[1].q = :v', { ':v': { S: 'z' } }],
      ['DELETE m.s :v', { ':v': { SS: ['a'] } }],
      ['SET c = m, m.a = :v', { ':v': { N: '100' } }],
      ['SET g = :v', { ':v': { S: 'after' } }],
    ];
    for (const [expression, values] of steps) expect((await update('u', expression, values)).err).toBeNull();

    // The item read first is the object the store kept: no update changed it.
    expect(JSON.stringify(before)).toBe(snapshot);
    const after = await read('u');
    expect(after?.m).toEqual({ M: { a: { N: '100' }, l: { L: [{ S: 'x' }, { M: { q: { S: 'z' } } }] }, s: { SS: ['b'] } } });
    // `SET c = m, m.a = :v`: c is m as it was before this update (DynamoDB reads every operand first).
    expect(after?.c).toEqual({ M: { a: { N: '11' }, l: { L: [{ S: 'x' }, { M: { q: { S: 'z' } } }] }, s: { SS: ['b'] } } });
    expect(await byIndex('before')).toEqual([]);
    expect(await byIndex('after')).toEqual([{ pk: { S: 'u' }, g: { S: 'after' }, m: after?.m }]);
  });

  it('an update expression answered from the parse cache resolves its operands again, for each item and each time', async () => {
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'p1' }, n: { N: '0' }, a: { S: 'one' } } });
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'p2' }, n: { N: '10' }, a: { S: 'two' } } });
    // The same expression and value types each time: parsed once, then copied from dynalite's parse
    // cache, whose parse shares its read-only parts with every copy (a section's operands are resolved
    // into the copy's own section).
    for (const pk of ['p1', 'p2', 'p1', 'p2', 'p1']) await update(pk, 'SET n = n + :one, b = a', { ':one': { N: '1' } });
    expect(await read('p1')).toEqual({ pk: { S: 'p1' }, n: { N: '3' }, a: { S: 'one' }, b: { S: 'one' } });
    expect(await read('p2')).toEqual({ pk: { S: 'p2' }, n: { N: '12' }, a: { S: 'two' }, b: { S: 'two' } });
  });
});

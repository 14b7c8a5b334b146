/**
 * The items the local DynamoDB keeps parsed (patches/dynalite+4.0.0.patch, readJson and writeJson
 * in db/index.js): a read may be answered from them, never with a write LevelDB does not have yet
 * (a kill -9 could still lose it) nor with one it refused. The store's LevelDB writes are held
 * here at its implementation's `_batch`, on disk as `npm start` keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEngine, singleKeyTable, startEngine } from './fixtures/engine.ts';

type Batch = (ops: unknown[], options: unknown) => Promise<void>;

const TABLE = 'parsed-items';
let engine: LocalEngine;
let level: { _batch: Batch };
let original: Batch;

const call = (operation: string, data: object) => engine.call(operation, data);
const read = async (pk: string) => (await call('GetItem', { TableName: TABLE, Key: { pk: { S: pk } } })).result?.Item;
const setStep = (pk: string, step: string) => engine.setString(TABLE, pk, 'step', step);

/** Holds the next LevelDB write until `release` (then written) or `refuse` (then failed, nothing written). */
function holdNextWrite() {
  let arrived!: () => void;
  let decide!: (write: boolean) => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const decided = new Promise<boolean>((resolve) => (decide = resolve));
  level._batch = async function (this: unknown, ops, options) {
    level._batch = original;
    arrived();
    if (!(await decided)) throw new Error('disk full');
    return original.call(this, ops, options);
  };
  return { reached, release: () => decide(true), refuse: () => decide(false) };
}

beforeAll(async () => {
  engine = await startEngine(singleKeyTable(TABLE));
  level = (engine.dynamo.store as { db: { _batch: Batch } }).db;
  original = level._batch;
});
afterAll(async () => {
  await engine?.close();
});

describe('the items the local DynamoDB keeps parsed', () => {
  it('a read during an item write answers the item LevelDB has; once written, the new one', async () => {
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'a' }, step: { S: 'filed' } } });
    expect((await read('a'))?.step).toEqual({ S: 'filed' }); // read once: kept

    const held = holdNextWrite();
    const update = setStep('a', 'complete');
    await held.reached;
    expect((await read('a'))?.step).toEqual({ S: 'filed' });
    held.release();
    expect((await update).err).toBeNull();
    expect((await read('a'))?.step).toEqual({ S: 'complete' });
    expect((await read('a'))?.step).toEqual({ S: 'complete' });
  });

  it('a write LevelDB refuses leaves the item as it was, for every later read', async () => {
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'b' }, step: { S: 'filed' } } });
    expect((await read('b'))?.step).toEqual({ S: 'filed' });

    const held = holdNextWrite();
    const update = setStep('b', 'complete');
    await held.reached;
    held.refuse();
    expect((await update).err).toBeTruthy();
    expect((await read('b'))?.step).toEqual({ S: 'filed' });
    expect((await read('b'))?.step).toEqual({ S: 'filed' });
  });

  it('an item deleted, then put again, is read as it is each time', async () => {
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'c' }, step: { S: 'filed' } } });
    expect(await read('c')).toBeDefined();
    await call('DeleteItem', { TableName: TABLE, Key: { pk: { S: 'c' } } });
    expect(await read('c')).toBeUndefined();
    expect(await read('c')).toBeUndefined();
    await call('PutItem', { TableName: TABLE, Item: { pk: { S: 'c' }, step: { S: 'closed' } } });
    expect((await read('c'))?.step).toEqual({ S: 'closed' });
  });
});

/**
 * The document client's marshalling (adapters/aws/dynamodb.ts) gives what util-dynamodb's
 * marshall and unmarshall give (with the adapters' options), binaries in base64 as JSON carries
 * them (sets, maps and bigints included), and refuses what they refuse.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AwsCall } from '#adapters/aws/client.ts';
import { DynamoDB, marshallItem, unmarshallItem } from '#adapters/aws/dynamodb.ts';

const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** util-dynamodb's marshall, its binaries then written in base64 (what the client did before its own walk). */
function reference(item: Record<string, unknown>): unknown {
  const json = (v: unknown): unknown =>
    v instanceof Uint8Array
      ? base64(v)
      : Array.isArray(v)
        ? v.map(json)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, json(x)]))
          : v;
  const wire = marshall(item, { removeUndefinedValues: true }) as Record<string, unknown>;
  return json(
    Object.fromEntries(
      Object.entries(wire).map(([k, a]) => [k, 'BS' in (a as object) ? { BS: [...(a as { BS: Uint8Array[] }).BS].map(base64) } : a]),
    ),
  );
}

const item = {
  PK: 'DOSSIER#d-1',
  text: 'éà « ok »',
  empty: '',
  n: 42,
  negative: -3.25,
  zero: 0,
  big: Number.MAX_SAFE_INTEGER,
  yes: true,
  no: false,
  nothing: null,
  gone: undefined,
  fn: () => 1,
  list: [1, 'two', undefined, null, { deep: [true, { x: 'y' }] }, []],
  map: { a: { b: { c: [1, 2, 3] } }, skipped: undefined, emptyMap: {} },
  body: new Uint8Array([0, 1, 2, 250, 255]),
  nested: { body: Buffer.from('gzip'), list: [new Uint8Array([9])] },
  strings: new Set(['a', 'b']),
  numbers: new Set([1, 2]),
  binaries: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
  nullProto: Object.assign(Object.create(null) as object, { k: 'v' }),
  bigint: 12345678901234567890n,
  bigints: new Set([1n, 2n]),
  mapped: new Map<string, unknown>([
    ['k', 1],
    ['gone', undefined],
    ['inner', new Map([['x', 'y']])],
  ]),
};

describe('DynamoDB document marshalling', () => {
  it('marshalls as util-dynamodb does, binaries in base64', () => {
    expect(marshallItem(item)).toEqual(reference(item));
  });

  it('refuses what util-dynamodb refuses', () => {
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.MAX_SAFE_INTEGER + 2,
      -1e300,
      new Set(),
      new Set([true]),
      new Set([1, Number.NaN]),
      new (class Foo {})(),
      Symbol('s'),
    ]) {
      expect(() => marshall({ bad }, { removeUndefinedValues: true })).toThrow();
      expect(() => marshallItem({ bad })).toThrow();
    }
  });

  it('unmarshalls as util-dynamodb does, binaries from base64', () => {
    const wire = reference(item) as Record<string, unknown>;
    const plain = unmarshallItem(structuredClone(wire));
    // What the client did before its own walk: the base64 binaries decoded into Uint8Array copies, then unmarshall.
    const decode = (a: Record<string, unknown>): unknown => {
      if (typeof a.B === 'string') return { B: new Uint8Array(Buffer.from(a.B, 'base64')) };
      if (Array.isArray(a.BS)) return { BS: (a.BS as string[]).map((b) => new Uint8Array(Buffer.from(b, 'base64'))) };
      if (a.M) return { M: Object.fromEntries(Object.entries(a.M).map(([k, v]) => [k, decode(v as Record<string, unknown>)])) };
      if (Array.isArray(a.L)) return { L: (a.L as Record<string, unknown>[]).map(decode) };
      return a;
    };
    const expected = unmarshall((decode({ M: structuredClone(wire) }) as { M: never }).M);
    expect(plain).toEqual(expected);
    expect(plain.body).toBeInstanceOf(Uint8Array);
    expect([...(plain.body as Uint8Array)]).toEqual([0, 1, 2, 250, 255]);
    expect([...(plain.nested as { list: Uint8Array[] }).list[0]!]).toEqual([9]);
    expect([...(plain.binaries as Set<Uint8Array>)].map((b) => [...b])).toEqual([[1], [2, 3]]);
    // Out of the safe range, a number comes back as a bigint.
    expect(unmarshallItem({ huge: { N: '12345678901234567890' }, odd: { N: '1e400' } })).toEqual({
      huge: 12345678901234567890n,
      odd: Number.POSITIVE_INFINITY,
    });
    for (const bad of [{ x: { N: '1.5e300' } }, { x: { Q: 'unknown type' } }]) {
      expect(() => unmarshall(bad as never)).toThrow();
      expect(() => unmarshallItem(bad)).toThrow();
    }
  });

  it("sends a document method's request with its items and values marshalled, its undefined members left out, its order kept", async () => {
    const sent: Record<string, unknown>[] = [];
    const doc = new DynamoDB({
      region: 'eu-west-3',
      maxAttempts: 1,
      transport: async (call: AwsCall) => {
        sent.push(call.input as Record<string, unknown>);
        return { status: 200, body: {} };
      },
    });
    const key = { PK: 'DOSSIER#d-1', SK: 'DOSSIER' };
    await doc.query({
      TableName: 't',
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'x' },
      ExclusiveStartKey: undefined,
      Limit: 5,
    });
    await doc.transactWrite([
      { Put: { TableName: 't', Item: { ...key, n: 1, gone: undefined }, ConditionExpression: 'attribute_not_exists(PK)' } },
      {
        Update: {
          TableName: 't',
          Key: key,
          UpdateExpression: 'SET #a = :v',
          ExpressionAttributeNames: { '#a': 'a' },
          ExpressionAttributeValues: undefined,
        },
      },
    ]);
    const wireKey = { PK: { S: 'DOSSIER#d-1' }, SK: { S: 'DOSSIER' } };
    expect(sent[0]).toStrictEqual({
      TableName: 't',
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'x' } },
      Limit: 5,
    });
    expect(Object.keys(sent[0]!)).toEqual(['TableName', 'KeyConditionExpression', 'ExpressionAttributeValues', 'Limit']);
    expect(sent[1]).toStrictEqual({
      TransactItems: [
        { Put: { TableName: 't', Item: { ...wireKey, n: { N: '1' } }, ConditionExpression: 'attribute_not_exists(PK)' } },
        { Update: { TableName: 't', Key: wireKey, UpdateExpression: 'SET #a = :v', ExpressionAttributeNames: { '#a': 'a' } } },
      ],
    });
  });
});

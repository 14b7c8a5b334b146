/**
 * The local DynamoDB's request checks (patches/dynalite+4.0.0.patch) answer what dynalite as
 * published answers: each malformed request below gets the error type and message dynalite 4.0.0
 * gave it before its checks were rewritten for speed (attribute values checked in one pass, sizes
 * read off a number's digits), recorded from it; numbers are stored in the form Big writes them.
 * Requests go straight to the engine (no SDK in between: it would refuse most of them itself).
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '#infra/local/dynamodb/dynalite.ts';

const T = 'validation-items';
let dynamo: LocalDynamo;

function send(operation: string, data: object): Promise<{ error?: { __type: string; message?: string; Message?: string }; result?: any }> {
  return new Promise((resolve) =>
    dynamo.engine(operation, structuredClone(data), (err, result) =>
      resolve(err ? { error: err.body as { __type: string; message?: string } } : { result }),
    ),
  );
}

beforeAll(async () => {
  dynamo = await startDynalite();
  const created = await send('CreateTable', {
    TableName: T,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  expect(created.error).toBeUndefined();
  while ((await send('DescribeTable', { TableName: T })).result?.Table.TableStatus !== 'ACTIVE') await new Promise((r) => setTimeout(r, 5));
});
afterAll(async () => {
  await dynamo?.close();
});

// [operation, request, error type, message], as dynalite 4.0.0 (with this project's patch before
// the rewrite) answered them.
const CASES: [string, object, string, string][] = [
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { S: 1 } } },
    'SerializationException',
    'NUMBER_VALUE cannot be converted to String',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { S: true } } },
    'SerializationException',
    'TRUE_VALUE cannot be converted to String',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { S: ['x'] } } },
    'SerializationException',
    'Unrecognized collection type class java.lang.String',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { S: { x: 1 } } } },
    'SerializationException',
    'Start of structure or map found where not expected',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { N: 'abc' } } },
    'ValidationException',
    'The parameter cannot be converted to a numeric value: abc',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { N: '' } } },
    'ValidationException',
    'The parameter cannot be converted to a numeric value',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { N: '1e126' } } },
    'ValidationException',
    'Number overflow. Attempting to store a number with magnitude larger than supported range',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { N: '1e-131' } } },
    'ValidationException',
    'Number underflow. Attempting to store a number with magnitude smaller than supported range',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { N: '123456789012345678901234567890123456789' } } },
    'ValidationException',
    'Attempting to store more than 38 significant digits in a Number',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { B: 'abc' } } },
    'SerializationException',
    'Base64 encoded length is expected a multiple of 4 bytes but found: 3',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { B: 'QUJD=' } } },
    'SerializationException',
    'Base64 encoded length is expected a multiple of 4 bytes but found: 5',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { B: 5 } } },
    'SerializationException',
    'only base-64-encoded strings are convertible to bytes',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { BOOL: 'maybe' } } },
    'SerializationException',
    'Unexpected token received from parser',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { BOOL: 1.5 } } },
    'SerializationException',
    'DECIMAL_VALUE cannot be converted to Boolean',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { NULL: false } } },
    'ValidationException',
    'One or more parameter values were invalid: Null attribute value types must have the value of true',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { NULL: [true] } } },
    'SerializationException',
    'Unrecognized collection type class java.lang.Boolean',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: {} } },
    'ValidationException',
    'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { S: 'a', N: '1' } } },
    'ValidationException',
    'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { N: 'x', S: 'a' } } },
    'ValidationException',
    'The parameter cannot be converted to a numeric value: x',
  ],
  ['PutItem', { TableName: T, Item: { pk: { S: 'k' }, a: 'x' } }, 'SerializationException', 'Unexpected value type in payload'],
  ['PutItem', { TableName: T, Item: { pk: { S: 'k' }, a: 5 } }, 'SerializationException', 'Unexpected value type in payload'],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: [{ S: 'a' }] } },
    'SerializationException',
    'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { SS: [] } } },
    'ValidationException',
    'One or more parameter values were invalid: An string set  may not be empty',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { SS: ['a', 'a'] } } },
    'ValidationException',
    'One or more parameter values were invalid: Input collection [a, a] contains duplicates.',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { NS: [] } } },
    'ValidationException',
    'One or more parameter values were invalid: An number set  may not be empty',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { NS: ['1', '01'] } } },
    'ValidationException',
    'Input collection contains duplicates',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { NS: ['1', 'x'] } } },
    'ValidationException',
    'The parameter cannot be converted to a numeric value: x',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { BS: [] } } },
    'ValidationException',
    'One or more parameter values were invalid: Binary sets should not be empty',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { BS: ['QQ==', 'QQ=='] } } },
    'ValidationException',
    'One or more parameter values were invalid: Input collection [QQ==, QQ==]of type BS contains duplicates.',
  ],
  ['PutItem', { TableName: T, Item: { pk: { S: 'k' }, a: { SS: 'a' } } }, 'SerializationException', 'Unexpected field type'],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { SS: { a: 1 } } } },
    'SerializationException',
    'Start of structure or map found where not expected',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { SS: [1] } } },
    'SerializationException',
    'NUMBER_VALUE cannot be converted to String',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { M: [] } } },
    'SerializationException',
    'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>',
  ],
  ['PutItem', { TableName: T, Item: { pk: { S: 'k' }, a: { M: 'x' } } }, 'SerializationException', 'Unexpected field type'],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { M: { b: { N: 'x' } } } } },
    'ValidationException',
    'The parameter cannot be converted to a numeric value: x',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { M: { b: 'x' } } } },
    'SerializationException',
    'Unexpected value type in payload',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { M: { b: {} } } } },
    'ValidationException',
    'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { L: {} } } },
    'SerializationException',
    'Start of structure or map found where not expected',
  ],
  ['PutItem', { TableName: T, Item: { pk: { S: 'k' }, a: { L: 'x' } } }, 'SerializationException', 'Unexpected field type'],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { L: [{ S: true }] } } },
    'SerializationException',
    'TRUE_VALUE cannot be converted to String',
  ],
  ['PutItem', { TableName: T, Item: { pk: { S: 'k' }, a: { L: ['x'] } } }, 'SerializationException', 'Unexpected value type in payload'],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' }, a: { L: [{ M: { c: { SS: [] } } }] } } },
    'ValidationException',
    'One or more parameter values were invalid: An string set  may not be empty',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' } }, ReturnValues: 'ALL_NEW' },
    'ValidationException',
    'ReturnValues can only be ALL_OLD or NONE',
  ],
  [
    'PutItem',
    { TableName: 'a', Item: { pk: { S: 'k' } } },
    'ValidationException',
    "1 validation error detected: Value 'a' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
  ],
  [
    'PutItem',
    { TableName: 'bad name!', Item: { pk: { S: 'k' } } },
    'ValidationException',
    "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' } }, Expected: { a: { Value: 'x' } } },
    'SerializationException',
    'Unexpected field type',
  ],
  [
    'PutItem',
    { TableName: T, Item: { pk: { S: 'k' } }, Expected: { a: { Value: { S: 1 } } } },
    'SerializationException',
    'NUMBER_VALUE cannot be converted to String',
  ],
  [
    'UpdateItem',
    { TableName: T, Key: { pk: { S: 'k' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { N: 'x' } } },
    'ValidationException',
    'ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: x for key :a',
  ],
  [
    'UpdateItem',
    { TableName: T, Key: { pk: { S: 'k' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 'x' } },
    'SerializationException',
    'Unexpected value type in payload',
  ],
  [
    'UpdateItem',
    { TableName: T, Key: { pk: 'k' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'x' } } },
    'SerializationException',
    'Unexpected value type in payload',
  ],
  [
    'GetItem',
    { TableName: T, Key: { pk: { S: 'k', N: '1' } } },
    'ValidationException',
    'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
  ],
  [
    'GetItem',
    { TableName: T, Key: { pk: { S: 'k' } }, ReturnConsumedCapacity: 'SOME' },
    'ValidationException',
    "1 validation error detected: Value 'SOME' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
  ],
  [
    'TransactWriteItems',
    { TransactItems: [{ Put: { TableName: T, Item: { pk: { S: 'k' }, a: { L: [{ S: true }] } } } }] },
    'SerializationException',
    'TRUE_VALUE cannot be converted to String',
  ],
  [
    'TransactWriteItems',
    { TransactItems: [{ Put: { TableName: T, Item: { pk: { S: 'k' }, a: { M: { b: { NS: ['2', '2.0'] } } } } } }] },
    'ValidationException',
    'Input collection contains duplicates',
  ],
  [
    'TransactWriteItems',
    {
      TransactItems: [
        { Update: { TableName: T, Key: { pk: { S: 'k' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': {} } } },
      ],
    },
    'ValidationException',
    'ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :a',
  ],
];

it('refuses each malformed request with the type and message dynalite gave it', async () => {
  const answers = [];
  for (const [operation, data] of CASES) {
    const { error } = await send(operation, data);
    answers.push(error && [error.__type.slice(error.__type.indexOf('#') + 1), error.message ?? error.Message]);
  }
  expect(answers).toEqual(CASES.map(([, , type, message]) => [type, message]));
});

it('stores numbers as Big writes them, and weighs items as before', async () => {
  const numbers = { a: '007', b: '1.50', c: '100', d: '-0', e: '-120', f: '12345678901234567890123456789012345678', g: '1e3' };
  const item = {
    ...Object.fromEntries(Object.entries(numbers).map(([name, N]) => [name, { N }])),
    h: { NS: ['1', '-25', '300'] },
    i: { L: [{ N: '42' }, { M: { j: { N: '-1000' } } }] },
  };
  const put = await send('PutItem', { TableName: T, Item: { pk: { S: 'numbers' }, ...item } });
  expect(put.error).toBeUndefined();
  const got = await send('GetItem', { TableName: T, Key: { pk: { S: 'numbers' } } });
  const stored = {
    pk: { S: 'numbers' },
    a: { N: '7' },
    b: { N: '1.5' },
    c: { N: '100' },
    d: { N: '0' },
    e: { N: '-120' },
    f: { N: '12345678901234567890123456789012345678' },
    g: { N: '1000' },
    h: { NS: ['1', '-25', '300'] },
    i: { L: [{ N: '42' }, { M: { j: { N: '-1000' } } }] },
  };
  expect(got.result.Item).toEqual(stored);
  // Its size (capacity units, the item size limit) and its size compressed (a Query's 1 MB page), as dynalite weighed them.
  const db = createRequire(import.meta.url)('dynalite/db') as {
    itemSize(item: object, compress?: boolean, meta?: boolean, rangeKey?: string): number;
  };
  expect([db.itemSize(stored), db.itemSize(stored, true, true, 'c')]).toEqual([74, 105]);
});

it("item actions see a table's every change at once (its description is parsed once per version)", async () => {
  const name = 'validation-versions';
  const create = async (key: string) => {
    const table = { TableName: name, AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }] };
    expect(
      (await send('CreateTable', { ...table, KeySchema: [{ AttributeName: key, KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' })).error,
    ).toBeUndefined();
    while ((await send('DescribeTable', { TableName: name })).result?.Table.TableStatus !== 'ACTIVE')
      await new Promise((r) => setTimeout(r, 5));
  };
  await create('pk');
  expect((await send('PutItem', { TableName: name, Item: { pk: { S: 'a' } } })).error).toBeUndefined();
  expect((await send('DeleteTable', { TableName: name })).error).toBeUndefined();
  while (!(await send('DescribeTable', { TableName: name })).error) await new Promise((r) => setTimeout(r, 5));
  expect((await send('GetItem', { TableName: name, Key: { pk: { S: 'a' } } })).error?.__type).toMatch(/ResourceNotFoundException$/);
  // The same name, another key: the item actions read the new description.
  await create('id');
  expect((await send('PutItem', { TableName: name, Item: { pk: { S: 'a' } } })).error?.message).toBe(
    'One or more parameter values were invalid: Missing the key id in the item',
  );
  expect((await send('PutItem', { TableName: name, Item: { id: { S: 'b' } } })).error).toBeUndefined();
  expect((await send('GetItem', { TableName: name, Key: { id: { S: 'b' } } })).result.Item).toEqual({ id: { S: 'b' } });
});

it('counts a name as used by each expression that uses it, whatever the other expressions of the request', async () => {
  const request = (pk: string, UpdateExpression: string) => ({
    TableName: T,
    Key: { pk: { S: pk } },
    UpdateExpression,
    ConditionExpression: 'attribute_not_exists(#c) OR #c = :c',
    ExpressionAttributeNames: { '#c': 'c' },
    ExpressionAttributeValues: { ':c': { S: 'x' } },
  });
  // The first update uses #c and :c before its condition does; the second does not, so its condition
  // (parsed for the first request, met again) is the one that uses them. DynamoDB accepts both.
  expect((await send('UpdateItem', request('q1', 'SET #c = :c'))).error).toBeUndefined();
  expect((await send('UpdateItem', request('q2', 'SET dd = :c'))).error).toBeUndefined();
});

it('answers as before where a message names a nested member, expressions meet their parameters, and a parsed expression is met again', async () => {
  const put = (pk: string) => ({ Put: { TableName: T, Item: { pk: { S: pk } } } });
  const invalid = (message: string) => ({ error: { __type: 'com.amazon.coral.validate#ValidationException', message } });
  const update = (names: object, values: object, extra: object = {}) => ({
    TableName: T,
    Key: { pk: { S: 'u' } },
    UpdateExpression: 'SET #a = :v',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...extra,
  });
  // [operation, request, answer], in order (the expression parsed first is met again with other
  // names and value types, and with a name or value left unused), as dynalite answered them before
  // its checks were rewritten (base 9b95caa).
  const sequence: [string, object, object][] = [
    [
      'TransactWriteItems',
      {
        TransactItems: [
          put('a'),
          { Put: { TableName: 'x', Item: { pk: { S: 'b' } } } },
          {
            Update: {
              ...update({ '#a': 'a' }, { ':v': { S: 'v' } }),
              Key: { pk: { S: 'c' } },
              ReturnValuesOnConditionCheckFailure: 'SOME',
            },
          },
        ],
      },
      invalid(
        "2 validation errors detected: Value 'x' at 'transactItems.2.member.put.tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value 'SOME' at 'transactItems.3.member.update.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
      ),
    ],
    [
      'TransactWriteItems',
      { TransactItems: [put('a'), {}] },
      invalid('Invalid Request: TransactWriteRequest should contain Delete or Put or Update request'),
    ],
    [
      'TransactWriteItems',
      { TransactItems: [put('a'), { ...put('b'), Delete: { TableName: T, Key: { pk: { S: 'b' } } } }] },
      invalid('TransactItems can only contain one of Check, Put, Update or Delete'),
    ],
    [
      'BatchGetItem',
      { RequestItems: { [T]: { Keys: [] } } },
      invalid(
        "1 validation error detected: Value '[]' at 'requestItems.validation-items.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    ],
    [
      'PutItem',
      { TableName: T, Item: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(pk)', Expected: { pk: { Exists: false } } },
      invalid(
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
      ),
    ],
    [
      'PutItem',
      { TableName: T, Item: { pk: { S: 'a' } }, ExpressionAttributeNames: { '#a': 'pk' } },
      invalid('ExpressionAttributeNames can only be specified when using expressions'),
    ],
    [
      'Query',
      {
        TableName: T,
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] } },
        ProjectionExpression: 'pk',
        ExpressionAttributeValues: { ':v': { S: 'a' } },
      },
      invalid(
        'ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null',
      ),
    ],
    [
      'Query',
      {
        TableName: T,
        KeyConditionExpression: 'pk = :v',
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] } },
        ExpressionAttributeValues: { ':v': { S: 'a' } },
      },
      invalid(
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}',
      ),
    ],
    [
      'Scan',
      { TableName: T, ProjectionExpression: 'pk', ExpressionAttributeValues: { ':v': { S: 'a' } } },
      invalid('ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null'),
    ],
    ['UpdateItem', update({ '#a': 'a' }, { ':v': { N: '1' } }), { result: {} }],
    ['UpdateItem', update({ '#a': 'b' }, { ':v': { S: 'x' } }), { result: {} }],
    [
      'UpdateItem',
      update({ '#a': 'a', '#b': 'b' }, { ':v': { N: '2' } }),
      invalid('Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}'),
    ],
    [
      'UpdateItem',
      update({ '#a': 'a' }, { ':v': { N: '3' }, ':w': { N: '4' } }),
      invalid('Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}'),
    ],
    [
      'UpdateItem',
      update({ '#a': 'pk' }, { ':v': { S: 'z' } }),
      invalid('One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key'),
    ],
    ['UpdateItem', update({ '#a': 'a' }, { ':v': { N: '1' } }, { ConditionExpression: '#a = :v' }), { result: {} }],
    ['UpdateItem', update({ '#a': 'b' }, { ':v': { S: 'x' } }, { ConditionExpression: '#a = :v' }), { result: {} }],
    [
      'GetItem',
      { TableName: T, Key: { pk: { S: 'u' } }, ConsistentRead: true },
      { result: { Item: { pk: { S: 'u' }, a: { N: '1' }, b: { S: 'x' } } } },
    ],
    [
      'PutItem',
      { TableName: T, Item: { pk: { S: 'p' }, b: { B: 'AQID' }, n: { N: '1.50' }, m: { M: { x: { S: 'y' } } } } },
      { result: {} },
    ],
    [
      'GetItem',
      { TableName: T, Key: { pk: { S: 'p' } }, ConsistentRead: true },
      { result: { Item: { pk: { S: 'p' }, b: { B: 'AQID' }, n: { N: '1.5' }, m: { M: { x: { S: 'y' } } } } } },
    ],
  ];
  const answers = [];
  for (const [operation, data] of sequence) answers.push(await send(operation, data));
  expect(answers).toEqual(sequence.map(([, , answer]) => answer));
});

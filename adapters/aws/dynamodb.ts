/**
 * DynamoDB through the small client (./client.ts), as a document client: the calls the adapters
 * make, their keys, items and expression values marshalled from plain JavaScript values and their
 * answers unmarshalled (as @aws-sdk/util-dynamodb's marshall and unmarshall do, with the options the
 * adapters had with lib-dynamodb: undefined members left out, numbers as numbers; the usual values
 * converted here in one walk, the rare ones by util-dynamodb). Errors are left
 * as DynamoDB answered them: the refused item of a ConditionalCheckFailedException, the
 * CancellationReasons of a TransactionCanceledException, in DynamoDB's attribute-value form.
 */
import { convertToAttr, convertToNative } from '@aws-sdk/util-dynamodb';
import { AwsJsonClient, type AwsClientOptions } from './client.ts';

export type Item = Record<string, unknown>;
/** An item in DynamoDB's own form ({ S: … }, { N: … }…), as errors carry it. */
export type AttributeMap = Record<string, unknown>;

type Input = Record<string, unknown>;

export interface DynamoDBOptions extends Omit<AwsClientOptions, 'service'> {}

/** util-dynamodb's options, as the adapters had them with lib-dynamodb. */
const MARSHALL_OPTIONS = { removeUndefinedValues: true } as const;

/**
 * An item to DynamoDB's form, binaries in base64 (JSON carries them so). The values the adapters
 * write (strings, safe numbers, booleans, null, plain objects, arrays, Uint8Array) are converted
 * in one walk; anything else (a Set, a Map, a bigint, an unsafe number…) is util-dynamodb's to
 * convert or refuse, so the result is marshall's. Its generic walk asks every value's constructor
 * name against lists and copies through filter/map; this one costs a third of it on a dossier.
 */
function toWire(item: Item): AttributeMap {
  const map: AttributeMap = {};
  for (const key in item) {
    const value = item[key];
    if (value !== undefined && typeof value !== 'function') map[key] = attributeOf(value);
  }
  return map;
}

function attributeOf(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'boolean':
      return { BOOL: value };
    case 'number':
      if (value <= Number.MAX_SAFE_INTEGER && value >= Number.MIN_SAFE_INTEGER) return { N: String(value) };
      break;
    case 'object': {
      if (value === null) return { NULL: true };
      if (Array.isArray(value)) {
        const list: unknown[] = [];
        for (const member of value) if (member !== undefined && typeof member !== 'function') list.push(attributeOf(member));
        return { L: list };
      }
      if (value instanceof Uint8Array) return { B: toBase64(value) };
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Object.prototype || proto === null) return { M: toWire(value as Item) };
    }
  }
  return binaries({ value: convertToAttr(value, MARSHALL_OPTIONS) }, toBase64).value;
}

/** An item from DynamoDB's form, binaries from base64: unmarshall's result, in one walk for the usual attributes. */
function fromWire(item: AttributeMap): Item {
  const out: Item = {};
  for (const key in item) out[key] = nativeOf(item[key] as Record<string, unknown>);
  return out;
}

function nativeOf(a: Record<string, unknown>): unknown {
  if (a.S !== undefined) return a.S;
  if (a.N !== undefined) {
    const n = Number(a.N);
    // Out of the safe range, unmarshall makes a bigint.
    if (n <= Number.MAX_SAFE_INTEGER && n >= Number.MIN_SAFE_INTEGER) return n;
  } else if (a.M !== undefined) return fromWire(a.M as AttributeMap);
  else if (a.L !== undefined) return (a.L as Record<string, unknown>[]).map(nativeOf);
  else if (a.BOOL !== undefined) return Boolean(a.BOOL);
  else if (a.NULL !== undefined) return null;
  else if (a.B !== undefined) return fromBase64(a.B);
  return convertToNative(binaries({ value: a }, fromBase64).value as never);
}

const toBase64 = (b: unknown) => (b instanceof Uint8Array ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64') : b);
// A copy: a view would keep the whole pooled slab of a small Buffer alive.
const fromBase64 = (b: unknown) => (typeof b === 'string' ? new Uint8Array(Buffer.from(b, 'base64')) : b);

/**
 * The binary attributes (B, BS) of an item in DynamoDB's form converted in place: JSON carries
 * them in base64, the adapters hold them as Uint8Array (the gzipped bodies of the emails).
 */
function binaries(map: Record<string, unknown>, convert: (b: unknown) => unknown): Record<string, unknown> {
  for (const key in map) {
    const value = map[key] as Record<string, unknown>;
    if (value.B !== undefined) value.B = convert(value.B);
    else if (value.BS !== undefined) value.BS = (value.BS as unknown[]).map(convert);
    else if (value.M !== undefined) binaries(value.M as Record<string, unknown>, convert);
    else if (value.L !== undefined) binaries(value.L as unknown as Record<string, unknown>, convert);
  }
  return map;
}
const mapOf = (m: Item | undefined) => (m === undefined ? undefined : toWire(m));
const without = (input: Input): Input => {
  for (const key in input) if (input[key] === undefined) delete input[key];
  return input;
};

/** A write's part of a transaction: its Key, Item and ExpressionAttributeValues marshalled. */
function writePart(part: Input): Input {
  const [kind, body] = Object.entries(part)[0] as [string, Input];
  return {
    [kind]: without({
      ...body,
      Key: mapOf(body.Key as Item | undefined),
      Item: mapOf(body.Item as Item | undefined),
      ExpressionAttributeValues: mapOf(body.ExpressionAttributeValues as Item | undefined),
    }),
  };
}

/** The request's own members, with its document members marshalled. */
function request(input: Input): Input {
  return without({
    ...input,
    Key: mapOf(input.Key as Item | undefined),
    Item: mapOf(input.Item as Item | undefined),
    ExpressionAttributeValues: mapOf(input.ExpressionAttributeValues as Item | undefined),
    ExclusiveStartKey: mapOf(input.ExclusiveStartKey as Item | undefined),
  });
}

export class DynamoDB {
  readonly #client: AwsJsonClient;

  constructor(options: DynamoDBOptions) {
    this.#client = new AwsJsonClient({ ...options, service: 'dynamodb' }, { version: '1.0', targetPrefix: 'DynamoDB_20120810' });
  }

  /** Any operation, in DynamoDB's own form (no marshalling). */
  call<O = Record<string, unknown>>(operation: string, input: Input): Promise<O> {
    return this.#client.call<O>(operation, input);
  }

  /**
   * A document method's request: built for this call (its top level and every marshalled map new,
   * the rest strings and the caller's names, which DynamoDB reads), so a transport in this process
   * takes it as it is, with no JSON in between (AwsCall.input).
   */
  #documentCall<O = Record<string, unknown>>(operation: string, input: Input): Promise<O> {
    return this.#client.callWith<O>(operation, input);
  }

  async get(input: Input): Promise<{ Item?: Item }> {
    const out = await this.#documentCall<{ Item?: AttributeMap }>('GetItem', request(input));
    return out.Item ? { Item: fromWire(out.Item) } : {};
  }

  async put(input: Input): Promise<void> {
    await this.#documentCall('PutItem', request(input));
  }

  async update(input: Input): Promise<{ Attributes?: Item }> {
    const out = await this.#documentCall<{ Attributes?: AttributeMap }>('UpdateItem', request(input));
    return out.Attributes ? { Attributes: fromWire(out.Attributes) } : {};
  }

  async query(input: Input): Promise<{ Items: Item[]; LastEvaluatedKey?: Item }> {
    const out = await this.#documentCall<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>('Query', request(input));
    return {
      Items: (out.Items ?? []).map(fromWire),
      ...(out.LastEvaluatedKey ? { LastEvaluatedKey: fromWire(out.LastEvaluatedKey) } : {}),
    };
  }

  /** One table's keys: its items, and the keys the service left unprocessed. */
  async batchGet(tableName: string, keys: Item[], consistentRead: boolean): Promise<{ items: Item[]; unprocessed: Item[] }> {
    const out = await this.#documentCall<{
      Responses?: Record<string, AttributeMap[]>;
      UnprocessedKeys?: Record<string, { Keys?: AttributeMap[] }>;
    }>('BatchGetItem', { RequestItems: { [tableName]: { Keys: keys.map(toWire), ConsistentRead: consistentRead } } });
    return {
      items: (out.Responses?.[tableName] ?? []).map(fromWire),
      unprocessed: (out.UnprocessedKeys?.[tableName]?.Keys ?? []).map(fromWire),
    };
  }

  /** `TransactItems` of Put / Update / Delete / ConditionCheck parts with plain items. */
  async transactWrite(transactItems: Input[]): Promise<void> {
    await this.#documentCall('TransactWriteItems', { TransactItems: transactItems.map(writePart) });
  }
}

/** A plain item from DynamoDB's form (the item an error hands back); an item to it (binaries in base64, as JSON carries them). */
export { fromWire as unmarshallItem, toWire as marshallItem };

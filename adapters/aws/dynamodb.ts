/**
 * DynamoDB through the small client (./client.ts), as a document client: the calls the adapters
 * make, their keys, items and expression values marshalled from plain JavaScript values and their
 * answers unmarshalled — what @aws-sdk/util-dynamodb's marshall and unmarshall give with the
 * options the adapters had with lib-dynamodb (undefined members left out, numbers as numbers), in
 * one walk each, binaries in base64 as JSON carries them. Written here rather than imported: the
 * library's generic walk cost three times this one on a dossier item and ≈ 4.8 KB of every bundle
 * (the functions' packages are held to 250 KB); test/unit/aws/dynamodb-marshalling.test.ts keeps
 * util-dynamodb as the reference, refusals included. Errors are left as DynamoDB answered them:
 * the refused item of a ConditionalCheckFailedException, the CancellationReasons of a
 * TransactionCanceledException, in DynamoDB's attribute-value form.
 */
import { AwsJsonClient, type AwsClientOptions } from './client.ts';

export type Item = Record<string, unknown>;
/** An item in DynamoDB's own form ({ S: … }, { N: … }…), as errors carry it. */
export type AttributeMap = Record<string, unknown>;

type Input = Record<string, unknown>;

export interface DynamoDBOptions extends Omit<AwsClientOptions, 'service'> {}

/** An item to DynamoDB's form: undefined and function members left out, as marshall with removeUndefinedValues. */
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
    case 'bigint':
      return { N: numberText(value) };
    case 'object': {
      if (value === null) return { NULL: true };
      if (Array.isArray(value)) {
        const list: unknown[] = [];
        for (const member of value) if (member !== undefined && typeof member !== 'function') list.push(attributeOf(member));
        return { L: list };
      }
      if (isBinary(value)) return { B: toBase64(value) };
      if (value instanceof Set) return setOf(value);
      if (value instanceof Map) return { M: toWire(Object.fromEntries(value)) };
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Object.prototype || proto === null) return { M: toWire(value as Item) };
      throw new Error(`Unsupported type passed: ${String(value)} (a class instance, as convertClassInstanceToMap off)`);
    }
  }
  throw new Error(`Unsupported type passed: ${String(value)}`);
}

/** A number as DynamoDB's N: marshall refuses NaN, the infinities and numbers beyond ±2^53 − 1 (a bigint says it is meant). */
function numberText(n: unknown): string {
  if (typeof n === 'bigint') return n.toString();
  if (typeof n !== 'number' || !(n <= Number.MAX_SAFE_INTEGER && n >= Number.MIN_SAFE_INTEGER))
    throw new Error(`Number ${String(n)} is not allowed: out of the safe integer range, NaN or infinite (use a BigInt)`);
  return String(n);
}

function isBinary(value: object): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

/** A Set as SS, NS or BS, its kind told by its first member, as marshall does; an empty set is refused. */
function setOf(set: Set<unknown>): unknown {
  const members = [...set].filter((m) => m !== undefined);
  const first = members[0];
  if (first === undefined) throw new Error('Pass a non-empty set, or options.convertEmptyValues=true.');
  if (typeof first === 'number' || typeof first === 'bigint') return { NS: members.map(numberText) };
  if (typeof first === 'string') return { SS: members.map(String) };
  if (typeof first === 'object' && first !== null && isBinary(first)) return { BS: members.map((m) => toBase64(m as ArrayBufferView)) };
  throw new Error('Only Number Set (NS), Binary Set (BS) or String Set (SS) are allowed.');
}

/** An item from DynamoDB's form, binaries from base64. */
function fromWire(item: AttributeMap): Item {
  const out: Item = {};
  for (const key in item) out[key] = nativeOf(item[key] as Record<string, unknown>);
  return out;
}

function nativeOf(a: Record<string, unknown>): unknown {
  if (a.S !== undefined) return a.S;
  if (a.N !== undefined) return numberOf(a.N as string);
  if (a.M !== undefined) return fromWire(a.M as AttributeMap);
  if (a.L !== undefined) return (a.L as Record<string, unknown>[]).map(nativeOf);
  if (a.BOOL !== undefined) return Boolean(a.BOOL);
  if (a.NULL !== undefined) return null;
  if (a.B !== undefined) return fromBase64(a.B as string);
  if (a.SS !== undefined) return new Set(a.SS as string[]);
  if (a.NS !== undefined) return new Set((a.NS as string[]).map(numberOf));
  if (a.BS !== undefined) return new Set((a.BS as string[]).map(fromBase64));
  throw new Error(`Unsupported type passed: ${Object.keys(a).join(', ')}`);
}

/** As unmarshall: a number, or a bigint beyond ±2^53 − 1 while finite. */
function numberOf(text: string): number | bigint {
  const n = Number(text);
  if ((n > Number.MAX_SAFE_INTEGER || n < Number.MIN_SAFE_INTEGER) && Number.isFinite(n)) {
    try {
      return BigInt(text);
    } catch {
      throw new Error(`${text} can't be converted to BigInt. Set options.wrapNumbers to get string value.`);
    }
  }
  return n;
}

const toBase64 = (b: ArrayBufferView | ArrayBuffer) =>
  (ArrayBuffer.isView(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b)).toString('base64');
// A copy: a view would keep the whole pooled slab of a small Buffer alive.
const fromBase64 = (b: string) => new Uint8Array(Buffer.from(b, 'base64'));

/** The members of a request (or of a transaction's part) that hold items or values: marshalled. */
const DOCUMENT_MEMBERS = new Set(['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey']);

/**
 * The request's own members, in their order, with its document members marshalled and undefined
 * members left out: built in one pass (deleting members afterwards turned the request into a slow
 * dictionary object, for this walk and for the engine that reads it).
 */
function request(input: Input): Input {
  const out: Input = {};
  for (const key in input) {
    const value = input[key];
    if (value !== undefined) out[key] = DOCUMENT_MEMBERS.has(key) ? toWire(value as Item) : value;
  }
  return out;
}

/** A write's part of a transaction (`{ Put: … }`, `{ Update: … }`…): its request marshalled. */
function writePart(part: Input): Input {
  const out: Input = {};
  for (const kind in part) out[kind] = request(part[kind] as Input);
  return out;
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

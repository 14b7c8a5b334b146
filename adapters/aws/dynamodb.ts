/**
 * DynamoDB through the small client (./client.ts), as a document client: the calls the adapters
 * make, their keys, items and expression values marshalled from plain JavaScript values and their
 * answers unmarshalled (by @aws-sdk/util-dynamodb, 5 KB and no dependency, with the options the
 * adapters had with lib-dynamodb: undefined members left out, numbers as numbers). Errors are left
 * as DynamoDB answered them: the refused item of a ConditionalCheckFailedException, the
 * CancellationReasons of a TransactionCanceledException, in DynamoDB's attribute-value form.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AwsJsonClient, type AwsClientOptions } from './client.ts';

export type Item = Record<string, unknown>;
/** An item in DynamoDB's own form ({ S: … }, { N: … }…), as errors carry it. */
export type AttributeMap = Record<string, unknown>;

type Input = Record<string, unknown>;

export interface DynamoDBOptions extends Omit<AwsClientOptions, 'service'> {}

const toWire = (item: Item): AttributeMap => binaries(marshall(item, { removeUndefinedValues: true }), toBase64) as AttributeMap;
const fromWire = (item: AttributeMap): Item => unmarshall(binaries(item, fromBase64) as never);

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

  async get(input: Input): Promise<{ Item?: Item }> {
    const out = await this.call<{ Item?: AttributeMap }>('GetItem', request(input));
    return out.Item ? { Item: fromWire(out.Item) } : {};
  }

  async put(input: Input): Promise<void> {
    await this.call('PutItem', request(input));
  }

  async update(input: Input): Promise<{ Attributes?: Item }> {
    const out = await this.call<{ Attributes?: AttributeMap }>('UpdateItem', request(input));
    return out.Attributes ? { Attributes: fromWire(out.Attributes) } : {};
  }

  async query(input: Input): Promise<{ Items: Item[]; LastEvaluatedKey?: Item }> {
    const out = await this.call<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>('Query', request(input));
    return {
      Items: (out.Items ?? []).map(fromWire),
      ...(out.LastEvaluatedKey ? { LastEvaluatedKey: fromWire(out.LastEvaluatedKey) } : {}),
    };
  }

  /** One table's keys: its items, and the keys the service left unprocessed. */
  async batchGet(tableName: string, keys: Item[], consistentRead: boolean): Promise<{ items: Item[]; unprocessed: Item[] }> {
    const out = await this.call<{
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
    await this.call('TransactWriteItems', { TransactItems: transactItems.map(writePart) });
  }
}

/** A plain item from DynamoDB's form (the item an error hands back). */
export { fromWire as unmarshallItem };

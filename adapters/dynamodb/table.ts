/**
 * The plumbing every DynamoDB adapter of the one table shares: the document client, the table's
 * name, the clock and retention, and the few request shapes they all use (a consistent get, a
 * batch get, a paged query, a conditional update that hands back the item it refused).
 */
import { type AttributeMap, type DynamoDB, unmarshallItem } from '../aws/dynamodb.ts';
import type { RetentionKind, RetentionPolicy } from '#domain/ports/records.ts';
import type { Clock } from '#domain/time/clock.ts';
import { assertRetention, ttlFor } from '../store-rules.ts';
import type { PrimaryKey } from './keys.ts';

export type Item = Record<string, unknown>;

export interface DynamoTableConfig {
  client: DynamoDB;
  tableName: string;
  /** The one source of "now" (timestamps, TTLs, due pending emails). */
  clock: Clock;
  /** Days each kind of record is kept (TTL); a kind left out is kept for ever. */
  retention?: RetentionPolicy;
}

/** What a query says besides the table (Query's members, in their document form). */
export interface QueryInput {
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
  Select?: string;
}

/** The most keys one BatchGetItem takes. */
const BATCH_GET_LIMIT = 100;

export function isConditionFailure(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/** The item a refused write hands back (ReturnValuesOnConditionCheckFailure = ALL_OLD): errors are not unmarshalled by the document client. */
export function refusedItem(item: AttributeMap | undefined): Item | undefined {
  return item && Object.keys(item).length > 0 ? unmarshallItem(item) : undefined;
}

/**
 * Several items in one round trip per 100 (consistent reads), in no particular order. Keys the
 * service leaves unprocessed (it may, under load) are asked for again.
 */
export async function batchGetItems(client: DynamoDB, tableName: string, keys: readonly PrimaryKey[]): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
    let pending: Item[] = keys.slice(i, i + BATCH_GET_LIMIT).map((k) => ({ ...k }));
    for (let pause = 10; pending.length > 0; pause = Math.min(pause * 2, 1_000)) {
      const out = await client.batchGet(tableName, pending, true);
      items.push(...out.items);
      pending = out.unprocessed;
      if (pending.length) await new Promise((r) => setTimeout(r, pause));
    }
  }
  return items;
}

/** The placeholders of an update's names and values, written once (`#a0`, `:v1`…; beyond these, written as needed). */
const NAME_PLACEHOLDERS = Array.from({ length: 64 }, (_, n) => `#a${n}`);
const VALUE_PLACEHOLDERS = Array.from({ length: 64 }, (_, n) => `:v${n}`);

/** Collects the parts of an UpdateExpression with placeholder names. */
export class UpdateBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  readonly #set: string[] = [];
  readonly #remove: string[] = [];
  #n = 0;

  name(attribute: string): string {
    const n = this.#n++;
    const placeholder = NAME_PLACEHOLDERS[n] ?? `#a${n}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }
  value(v: unknown): string {
    const n = this.#n++;
    const placeholder = VALUE_PLACEHOLDERS[n] ?? `:v${n}`;
    this.values[placeholder] = v;
    return placeholder;
  }
  set(attribute: string, v: unknown): this {
    this.#set.push(`${this.name(attribute)} = ${this.value(v)}`);
    return this;
  }
  setRaw(expression: string): this {
    this.#set.push(expression);
    return this;
  }
  remove(...attributes: string[]): this {
    for (const a of attributes) this.#remove.push(this.name(a));
    return this;
  }
  /** `attribute = attribute + n`. */
  add(attribute: string, n: number): this {
    const a = this.name(attribute);
    return this.setRaw(`${a} = ${a} + ${this.value(n)}`);
  }
  bumpVersion(): this {
    return this.add('version', 1);
  }
  expression(): string {
    const parts: string[] = [];
    if (this.#set.length) parts.push(`SET ${this.#set.join(', ')}`);
    if (this.#remove.length) parts.push(`REMOVE ${this.#remove.join(', ')}`);
    return parts.join(' ');
  }
  /** ExpressionAttributeValues, or undefined when none (DynamoDB refuses an empty map). */
  valuesOrUndefined(): Record<string, unknown> | undefined {
    return Object.keys(this.values).length ? this.values : undefined;
  }
}

export class DynamoTable {
  readonly tableName: string;
  readonly doc: DynamoDB;
  readonly clock: Clock;
  readonly #retention: RetentionPolicy;

  constructor(config: DynamoTableConfig) {
    this.tableName = config.tableName;
    this.doc = config.client;
    this.clock = config.clock;
    this.#retention = { ...config.retention };
    assertRetention(this.#retention);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  ttlFor(kind: RetentionKind, from: Date): number | undefined {
    return ttlFor(this.#retention, kind, from);
  }

  async get(key: PrimaryKey, projection?: string): Promise<Item | undefined> {
    const out = await this.doc.get({
      TableName: this.tableName,
      Key: key,
      ConsistentRead: true,
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
    return out.Item;
  }

  batchGet(keys: readonly PrimaryKey[]): Promise<Item[]> {
    return batchGetItems(this.doc, this.tableName, keys);
  }

  /** Every page of a query, or the first `limit` items. */
  async query(input: QueryInput, limit?: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.doc.query({
        ...input,
        TableName: this.tableName,
        ExclusiveStartKey: start,
        ...(limit !== undefined ? { Limit: limit - items.length } : {}),
      });
      items.push(...out.Items);
      start = out.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    return items;
  }

  /** Puts an item only if its key is free; false when it was taken. */
  async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.doc.put({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' });
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * A conditional update: the new item, or — the condition refused — the item as it was
   * (`refused`, undefined when there is none), so the caller can say why without reading again.
   */
  async update(
    key: PrimaryKey,
    u: UpdateBuilder,
    condition: string,
  ): Promise<{ ok: true; item: Item } | { ok: false; refused: Item | undefined }> {
    try {
      const out = await this.doc.update({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: u.expression(),
        ConditionExpression: condition,
        ExpressionAttributeNames: u.names,
        ExpressionAttributeValues: u.valuesOrUndefined(),
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      return { ok: true, item: out.Attributes ?? {} };
    } catch (err) {
      if (isConditionFailure(err)) return { ok: false, refused: refusedItem((err as { Item?: AttributeMap }).Item) };
      throw err;
    }
  }
}

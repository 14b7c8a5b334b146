/**
 * Porteurs' account requests in the project's table (ACCESS-PATTERNS.md, « Account requests »):
 *
 *   PK `ACCOUNTREQ#<id>`, SK `ACCOUNTREQ`            the request (id: one per SIRET and email)
 *   GSI4PK `ACCOUNTREQS#PENDING`, GSI4SK `<at>#<id>`  while it waits (sparse: a settled request leaves the index;
 *                                                      the index carries its keys, the requests are read by them)
 *
 * Every change is conditional on the request's status: two people opening the same request at
 * once settle it once.
 */
import type { AccountRequest, AccountRequestStore } from '#domain/accounts/account-requests.ts';
import type { DynamoDB } from '../aws/dynamodb.ts';
import { batchGetItems, isConditionFailure } from './table.ts';
import { INDEX } from './table-design.ts';

const ENTITY = 'accountRequest';
const key = (id: string) => ({ PK: `ACCOUNTREQ#${id}`, SK: 'ACCOUNTREQ' });
const PENDING = 'ACCOUNTREQS#PENDING';
const pendingSort = (request: AccountRequest) => `${request.demandeLe}#${request.id}`;

function toRequest(item: Record<string, unknown>): AccountRequest {
  const { PK: _pk, SK: _sk, GSI4PK: _g, GSI4SK: _gs, entity: _e, ...request } = item;
  return request as unknown as AccountRequest;
}

export class DynamoAccountRequestStore implements AccountRequestStore {
  readonly #doc: DynamoDB;
  readonly #table: string;

  constructor(config: { client: DynamoDB; tableName: string }) {
    this.#doc = config.client;
    this.#table = config.tableName;
  }

  #item(request: AccountRequest) {
    return { ...key(request.id), entity: ENTITY, ...request, GSI4PK: PENDING, GSI4SK: pendingSort(request) };
  }

  async createIfAbsent(request: AccountRequest): Promise<{ request: AccountRequest; created: boolean }> {
    try {
      await this.#doc.put({ TableName: this.#table, Item: this.#item(request), ConditionExpression: 'attribute_not_exists(PK)' });
      return { request, created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(request.id);
      if (!existing) throw error;
      return { request: existing, created: false };
    }
  }

  async get(id: string): Promise<AccountRequest | undefined> {
    const { Item } = await this.#doc.get({ TableName: this.#table, Key: key(id), ConsistentRead: true });
    return Item ? toRequest(Item) : undefined;
  }

  async listPending(): Promise<AccountRequest[]> {
    const keys: { PK: string; SK: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.query({
        TableName: this.#table,
        IndexName: INDEX.workQueues,
        KeyConditionExpression: 'GSI4PK = :pending',
        ExpressionAttributeValues: { ':pending': PENDING },
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      keys.push(...page.Items.map((i) => ({ PK: i.PK as string, SK: i.SK as string })));
      start = page.LastEvaluatedKey;
    } while (start);
    const order = new Map(keys.map((k, i) => [k.PK, i]));
    const items = await batchGetItems(this.#doc, this.#table, keys);
    return items.sort((a, b) => order.get(a.PK as string)! - order.get(b.PK as string)!).map(toRequest);
  }

  async settle(id: string, outcome: Pick<AccountRequest, 'statut' | 'traiteLe' | 'traitePar' | 'motif' | 'identifiant'>): Promise<boolean> {
    const fields = Object.entries(outcome).filter(([, v]) => v !== undefined);
    try {
      await this.#doc.update({
        TableName: this.#table,
        Key: key(id),
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')} REMOVE GSI4PK, GSI4SK`,
        ConditionExpression: 'statut = :waiting',
        ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
        ExpressionAttributeValues: { ':waiting': 'en-attente', ...Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value])) },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async reopen(request: AccountRequest): Promise<boolean> {
    try {
      await this.#doc.put({
        TableName: this.#table,
        Item: this.#item(request),
        ConditionExpression: 'statut = :refused',
        ExpressionAttributeValues: { ':refused': 'refusee' },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

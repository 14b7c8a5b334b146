/**
 * The one table's key design, as data: the local platform (`createTable`) and the CDK stack
 * both build the table from `TABLE_DESIGN`, so they cannot drift apart.
 *
 * Single-table design: generic key attributes (PK, SK, GSI1PK…GSI4SK) whose values are
 * prefixed by entity. The key of every item and the exact key condition of every read are
 * written down in ./ACCESS-PATTERNS.md; ./keys.ts builds them.
 *
 * | index | partition key | sort key | projection | holds |
 * |-------|---------------|----------|------------|-------|
 * | table | PK | SK | — | every item |
 * | GSI1  | GSI1PK | GSI1SK | INCLUDE what a dossier listing shows | dossiers of a porteur |
 * | GSI2  | GSI2PK | GSI2SK | INCLUDE what a dossier listing shows | dossiers by status, then dispositif |
 * | GSI3  | GSI3PK | GSI3SK | INCLUDE (never the task token) | open tasks by role+territory (sparse) |
 * | GSI4  | GSI4PK | GSI4SK | INCLUDE (never an email's content) | pending deadlines by due month, then day; pending emails; decisions whose hand-over is not confirmed (all sparse) |
 *
 * Narrow projections are what keep the dossier's changes cheap: a write that changes no key or
 * projected attribute of an index does not write that index, so the dossier's workflow state and
 * timeline head, which change at every step, never reach GSI1 or GSI2.
 *
 * TTL attribute: `ttl` (epoch seconds), set only on records given a retention period.
 */
import type { DynamoDB } from '../aws/dynamodb.ts';
import { SUMMARY_ATTRIBUTES } from '../store-rules.ts';

export type KeyAttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

export type IndexProjection =
  | { readonly type: 'ALL' }
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly nonKeyAttributes: readonly string[] };

export interface GlobalIndexDesign {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: IndexProjection;
  /** What it is for (documentation, also handy in CDK descriptions). */
  readonly purpose: string;
}

export interface TableDesign {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalIndexDesign[];
  readonly timeToLiveAttribute: string;
  readonly billingMode: 'PAY_PER_REQUEST';
}

/** Index names, by what they serve. */
export const INDEX = {
  porteur: 'GSI1',
  statusAndDispositif: 'GSI2',
  inbox: 'GSI3',
  workQueues: 'GSI4',
} as const;

/** What the dossier listings (GSI1, GSI2) carry: the listing's fields, never the workflow state. */
export const DOSSIER_LISTING_ATTRIBUTES = ['entity', ...SUMMARY_ATTRIBUTES] as const;

/**
 * What the work queues (GSI4) carry: a due deadline whole (the daily run reads it from there); of
 * a pending email, what a sender needs to claim it (never its content: the claim brings it back);
 * of a decision to confirm, what hands it over again (its callback token included: this queue is
 * read by the redelivery only, never shown).
 */
export const WORK_QUEUE_ATTRIBUTES = [
  'entity',
  'id',
  'dossierId',
  'kind',
  'ref',
  'dueDate',
  'status',
  'data',
  'createdAt',
  'updatedAt',
  'version',
  'idempotencyKey',
  'attempts',
  'nextAttemptAt',
  'decision',
  'decidedBy',
  'decidedAt',
  'taskToken',
] as const;

/** The task attributes the inbox index carries: every task field but its callback token. */
export const INBOX_PROJECTED_ATTRIBUTES = [
  'entity',
  'id',
  'dossierId',
  'kind',
  'role',
  'territory',
  'status',
  'allowedDecisions',
  'dueAt',
  'createdAt',
  'version',
  // What the inbox shows of the task's dossier (a listing reads no dossier).
  'dossier',
] as const;

const s = (name: string): KeyAttribute => ({ name, type: 'S' });

export const TABLE_DESIGN: TableDesign = {
  partitionKey: s('PK'),
  sortKey: s('SK'),
  globalSecondaryIndexes: [
    {
      indexName: INDEX.porteur,
      partitionKey: s('GSI1PK'),
      sortKey: s('GSI1SK'),
      projection: { type: 'INCLUDE', nonKeyAttributes: DOSSIER_LISTING_ATTRIBUTES },
      purpose: 'dossiers of a porteur (newest first)',
    },
    {
      indexName: INDEX.statusAndDispositif,
      partitionKey: s('GSI2PK'),
      sortKey: s('GSI2SK'),
      projection: { type: 'INCLUDE', nonKeyAttributes: DOSSIER_LISTING_ATTRIBUTES },
      purpose: 'dossiers in a status, narrowed to a dispositif (campaign view, CP preparation)',
    },
    {
      indexName: INDEX.inbox,
      partitionKey: s('GSI3PK'),
      sortKey: s('GSI3SK'),
      projection: { type: 'INCLUDE', nonKeyAttributes: INBOX_PROJECTED_ATTRIBUTES },
      purpose: 'open tasks of a role in a territory, oldest due first (sparse: a closed task leaves)',
    },
    {
      indexName: INDEX.workQueues,
      partitionKey: s('GSI4PK'),
      sortKey: s('GSI4SK'),
      projection: { type: 'INCLUDE', nonKeyAttributes: WORK_QUEUE_ATTRIBUTES },
      purpose: 'pending deadlines by due month then day; pending emails by next attempt; decisions to confirm (sparse: done items leave)',
    },
  ],
  timeToLiveAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
};

/** Every key attribute of the table and its indexes (AttributeDefinitions). */
export function keyAttributes(design: TableDesign = TABLE_DESIGN): KeyAttribute[] {
  const all = [design.partitionKey, design.sortKey, ...design.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey])];
  return [...new Map(all.map((a) => [a.name, a])).values()];
}

/** The CreateTable request for a table of this design. */
export function createTableInput(tableName: string, design: TableDesign = TABLE_DESIGN) {
  return {
    TableName: tableName,
    BillingMode: design.billingMode,
    AttributeDefinitions: keyAttributes(design).map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: design.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: design.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: design.globalSecondaryIndexes.map((g) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: g.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection:
        g.projection.type === 'INCLUDE'
          ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...g.projection.nonKeyAttributes] }
          : { ProjectionType: g.projection.type },
    })),
  };
}

/**
 * Creates the table for local use (dynalite) and waits until it and its indexes are ACTIVE, then
 * enables TTL on `TABLE_DESIGN.timeToLiveAttribute` as the CDK stack does on AWS.
 * Idempotent: a table that already exists is fine (its design is not compared).
 */
export async function createTable(client: DynamoDB, tableName: string, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
  try {
    await client.call('CreateTable', createTableInput(tableName));
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceInUseException') throw err;
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const pollMs = opts.pollMs ?? 50;
  for (;;) {
    const { Table } = await client.call<{ Table?: { TableStatus?: string; GlobalSecondaryIndexes?: { IndexStatus?: string }[] } }>(
      'DescribeTable',
      { TableName: tableName },
    );
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return enableTimeToLive(client, tableName);
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} not ACTIVE after ${opts.timeoutMs ?? 30_000} ms (${Table?.TableStatus})`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function enableTimeToLive(client: DynamoDB, tableName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.call<{ TimeToLiveDescription?: { TimeToLiveStatus?: string } }>('DescribeTimeToLive', {
    TableName: tableName,
  });
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return;
  try {
    await client.call('UpdateTimeToLive', {
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE_DESIGN.timeToLiveAttribute },
    });
  } catch (err) {
    // Enabled meanwhile by another caller.
    if ((err as Error).message !== 'TimeToLive is already enabled') throw err;
  }
}

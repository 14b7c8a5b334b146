import { describe, expect, it } from 'vitest';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  createTable,
  createTableInput,
  keyAttributes,
  INBOX_PROJECTED_ATTRIBUTES,
  INDEX,
  TABLE_DESIGN,
} from '#adapters/dynamodb/table-design.ts';
import { dynamoClient, dynamoDocuments, uniqueTableName } from '#test/support/aws.ts';

describe('table design', () => {
  it('creates the table with its four indexes, ACTIVE, and creating it again is fine', async () => {
    const client = dynamoClient();
    const name = uniqueTableName('design');
    await createTable(dynamoDocuments(), name);
    await createTable(dynamoDocuments(), name); // ResourceInUse is not an error
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    const indexes = new Map((Table?.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g]));
    expect([...indexes.keys()].sort()).toEqual(['GSI1', 'GSI2', 'GSI3', 'GSI4']);
    for (const g of indexes.values()) expect(g.IndexStatus).toBe('ACTIVE');
    expect(indexes.get(INDEX.inbox)?.Projection?.ProjectionType).toBe('INCLUDE');
    expect(indexes.get(INDEX.inbox)?.Projection?.NonKeyAttributes).not.toContain('taskToken');
    expect(indexes.get(INDEX.workQueues)?.KeySchema?.map((k) => k.AttributeName)).toEqual(['GSI4PK', 'GSI4SK']);
  });

  it('declares every key attribute once, all strings, and a TTL attribute', () => {
    const attrs = keyAttributes();
    expect(attrs.map((a) => a.name)).toEqual(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'GSI4PK', 'GSI4SK']);
    expect(new Set(attrs.map((a) => a.type))).toEqual(new Set(['S']));
    expect(TABLE_DESIGN.timeToLiveAttribute).toBe('ttl');
    expect(createTableInput('t-x').BillingMode).toBe('PAY_PER_REQUEST');
    expect(INBOX_PROJECTED_ATTRIBUTES).not.toContain('taskToken');
  });
});

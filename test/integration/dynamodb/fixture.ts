/**
 * One table per test file on the run's dynalite, a repository over it with a manual clock, and
 * a recorder of the DynamoDB operations the repository sends (to prove what a read touched).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ManualClock } from '#domain/time/clock.ts';
import type { RetentionPolicy } from '#domain/ports/records.ts';
import { DynamoRepository } from '#adapters/dynamodb/repository.ts';
import { createTable } from '#adapters/dynamodb/table-design.ts';
import { dynamoClient, uniqueTableName } from '#test/support/aws.ts';

export interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

export interface Fixture {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tableName: string;
  clock: ManualClock;
  repo: DynamoRepository;
  /** Operations sent through `client` since the last `calls.length = 0`. */
  calls: RecordedCall[];
  /** The raw stored item (all attributes, keys included). */
  rawItem(key: { PK: string; SK: string }): Promise<Record<string, unknown> | undefined>;
  /** Overwrites a stored item directly (to simulate tampering). */
  rawPut(item: Record<string, unknown>): Promise<void>;
}

export async function fixture(prefix: string, opts: { retention?: RetentionPolicy; start?: string } = {}): Promise<Fixture> {
  const client = dynamoClient();
  const calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      calls.push({
        command: String(context.commandName),
        input: args.input as Record<string, unknown>,
        output: result.output as unknown as Record<string, unknown>,
      });
      return result;
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  const tableName = uniqueTableName(prefix);
  await createTable(client, tableName);
  const clock = new ManualClock(opts.start ?? '2026-03-02T09:00:00.000Z');
  const repo = new DynamoRepository({ client, tableName, clock, ...(opts.retention ? { retention: opts.retention } : {}) });
  const doc = DynamoDBDocumentClient.from(client);
  return {
    client,
    doc,
    tableName,
    clock,
    repo,
    calls,
    async rawItem(key) {
      return (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
    },
    async rawPut(item) {
      await doc.send(new PutCommand({ TableName: tableName, Item: item }));
    },
  };
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, got none');
}

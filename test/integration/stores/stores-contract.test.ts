/** The storage contract (./contract.ts) against both implementations: in memory, and DynamoDB (dynalite over the AWS SDK). */
import { MemoryStores } from '#adapters/memory/memory-stores.ts';
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { createTable } from '#adapters/dynamodb/table-design.ts';
import { ManualClock } from '#domain/time/clock.ts';
import { dynamoDocuments, uniqueTableName } from '#test/support/aws.ts';
import { storesContract, T0 } from './contract.ts';

storesContract('memory', async (options = {}) => {
  const clock = new ManualClock(T0);
  return { stores: new MemoryStores({ clock, ...(options.retention ? { retention: options.retention } : {}) }), clock };
});

storesContract('DynamoDB', async (options = {}) => {
  const client = dynamoDocuments();
  const tableName = uniqueTableName('contract');
  await createTable(client, tableName);
  const clock = new ManualClock(T0);
  return { stores: dynamoStores({ client, tableName, clock, ...(options.retention ? { retention: options.retention } : {}) }), clock };
});

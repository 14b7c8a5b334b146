/**
 * Tasks, in their dossier's partition (a task's id names its dossier): by id, with their dossier in
 * one BatchGetItem, the inbox (GSI3), and the queue of decisions to confirm (GSI4).
 */
import { dossierIdOfTask, type Task } from '#domain/ports/records.ts';
import type { TaskStore } from '#domain/ports/tasks.ts';
import { toDossier, toTask, toUnconfirmedDecision } from './items.ts';
import { DOSSIER_SK_PREFIX, indexKeys, keys, type PrimaryKey } from './keys.ts';
import { UpdateBuilder, type DynamoTable } from './table.ts';
import { INDEX } from './table-design.ts';

export class DynamoTaskStore implements TaskStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  #key(id: string): PrimaryKey | undefined {
    const dossierId = dossierIdOfTask(id);
    return dossierId ? keys.task(dossierId, id) : undefined;
  }

  async get(id: string) {
    const key = this.#key(id);
    const item = key ? await this.#t.get(key) : undefined;
    return item ? toTask(item) : undefined;
  }

  async getForDecision(id: string) {
    const dossierId = dossierIdOfTask(id);
    if (!dossierId) return undefined;
    const items = await this.#t.batchGet([keys.task(dossierId, id), keys.dossier(dossierId)]);
    const taskItem = items.find((i) => i.SK !== 'DOSSIER');
    if (!taskItem) return undefined;
    const dossierItem = items.find((i) => i.SK === 'DOSSIER');
    return { task: toTask(taskItem), taskToken: taskItem.taskToken as string, dossier: dossierItem ? toDossier(dossierItem) : undefined };
  }

  async listOfDossier(dossierId: string) {
    const items = await this.#t.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).PK, ':prefix': DOSSIER_SK_PREFIX.task },
      ConsistentRead: true,
    });
    const order = (t: Task) => `${t.createdAt}#${t.id}`;
    return items.map(toTask).sort((a, b) => (order(a) < order(b) ? -1 : 1));
  }

  async listOpen(role: string, territory: string) {
    const items = await this.#t.query({
      IndexName: INDEX.inbox,
      KeyConditionExpression: 'GSI3PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.inbox(role, territory) },
    });
    return items.map(toTask);
  }

  async listUnconfirmedDecisions(decidedUpTo: Date, limit: number) {
    const items = await this.#t.query(
      {
        IndexName: INDEX.workQueues,
        KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK <= :upTo',
        ExpressionAttributeValues: { ':pk': indexKeys.unconfirmedDecisions, ':upTo': indexKeys.instantSortUpTo(decidedUpTo.toISOString()) },
      },
      limit,
    );
    return items.map(toUnconfirmedDecision);
  }

  async confirmDecisionDelivered(id: string) {
    const key = this.#key(id);
    if (!key) return;
    const u = new UpdateBuilder().remove('GSI4PK', 'GSI4SK');
    await this.#t.update(key, u, `${u.name('status')} = ${u.value('decided')}`);
  }
}

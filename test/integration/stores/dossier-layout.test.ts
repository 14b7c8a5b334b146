/**
 * The dossier item's layout (adapters/dynamodb/items.ts): each member of the workflow state in an
 * attribute of its own, so that a change writes what it changed only. A dossier written before,
 * with its whole state in one `workflow` attribute, still reads the same, and its first change
 * writes it whole in the new layout.
 */
import { describe, expect, it } from 'vitest';
import { dossierItem, LEGACY_WORKFLOW, WORKFLOW_PART_PREFIX } from '#adapters/dynamodb/items.ts';
import { keys } from '#adapters/dynamodb/keys.ts';
import { dynamoStores } from '#adapters/dynamodb/stores.ts';
import { createTable } from '#adapters/dynamodb/table-design.ts';
import { VersionConflictError } from '#domain/ports/errors.ts';
import type { Dossier } from '#domain/ports/records.ts';
import { ManualClock } from '#domain/time/clock.ts';
import { DossierChange } from '#domain/workflow/dossier-change.ts';
import { WORKFLOW_STATE_STAMP } from '#domain/workflow/state.ts';
import { dynamoDocuments, uniqueTableName } from '#test/support/aws.ts';
import { PROFILE } from './contract.ts';

const T0 = '2026-03-02T09:00:00.000Z';

const dossier: Dossier = {
  id: 'dlayout1',
  reference: 'AAP26-1.1-000001',
  porteurId: 'porteur-1',
  dispositifCode: '1.1',
  territory: 'arrageois',
  status: 'completeness-check',
  statusHistory: [{ status: 'completeness-check', at: T0 }],
  profile: PROFILE,
  amounts: { requestedCents: 100_000, paidCents: 0 },
  workflow: {
    steps: { 'completeness-check': { openedAt: T0, taskId: 'x', escalations: 0 } },
    payments: [],
    annualDocuments: {},
    comites: [],
    events: [],
    controls: [],
    reimbursements: [],
    cp: { cpDate: '2026-05-12' },
  },
  workflowStamp: WORKFLOW_STATE_STAMP,
  head: { seq: 0, hash: '' },
  createdAt: T0,
  updatedAt: T0,
  version: 3,
};

async function setup() {
  const client = dynamoDocuments();
  const tableName = uniqueTableName('layout');
  await createTable(client, tableName);
  const clock = new ManualClock(T0);
  const stores = dynamoStores({ client, tableName, clock });
  // As written before the members had attributes of their own.
  const legacy = Object.fromEntries(Object.entries(dossierItem(dossier)).filter(([name]) => !name.startsWith(WORKFLOW_PART_PREFIX)));
  await client.put({ TableName: tableName, Item: { ...legacy, [LEGACY_WORKFLOW]: dossier.workflow } });
  const raw = async () => (await client.get({ TableName: tableName, Key: keys.dossier(dossier.id), ConsistentRead: true })).Item!;
  return { stores, clock, raw };
}

describe('the dossier item’s layout', () => {
  it('writes each workflow member in an attribute of its own', () => {
    const item = dossierItem(dossier);
    expect(item).not.toHaveProperty(LEGACY_WORKFLOW);
    expect(item[`${WORKFLOW_PART_PREFIX}cp`]).toEqual({ cpDate: '2026-05-12' });
  });

  it('reads a dossier written before as it was written, and its first change writes it whole in the new layout', async () => {
    const { stores, clock, raw } = await setup();
    const read = await stores.dossiers.get(dossier.id);
    expect(read).toEqual(dossier);
    const change = new DossierChange(read!, clock);
    change.workflow.cp = { cpDate: '2026-06-09' };
    const commit = change.toCommit();
    expect(commit.changed?.workflowParts).toEqual(['cp']);
    await stores.commits.commit(commit);
    expect(await stores.dossiers.get(dossier.id)).toEqual(commit.dossier);
    const item = await raw();
    expect(item).not.toHaveProperty(LEGACY_WORKFLOW);
    expect(item[`${WORKFLOW_PART_PREFIX}steps`]).toEqual(dossier.workflow.steps);
    expect(item.version).toBe(4);
    // The next change writes only what it changed.
    const next = new DossierChange(commit.dossier, clock).setStatus('chief-validation').toCommit();
    await stores.commits.commit(next);
    expect(await stores.dossiers.get(dossier.id)).toEqual(next.dossier);
  });

  it('refuses a change of a dossier written before decided on another version, writing nothing', async () => {
    const { stores, clock, raw } = await setup();
    const stale = new DossierChange({ ...dossier, version: 2 }, clock).setStatus('chief-validation').toCommit();
    await expect(stores.commits.commit(stale)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await raw())[LEGACY_WORKFLOW]).toEqual(dossier.workflow);
    expect(await stores.dossiers.get(dossier.id)).toEqual(dossier);
  });
});

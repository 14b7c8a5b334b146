import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidTransitionError, RecordAlreadyExistsError, RecordNotFoundError, VersionConflictError } from '#domain/ports/errors.ts';
import type { NewDossier } from '#domain/ports/records.ts';
import { keys } from '#adapters/dynamodb/keys.ts';
import { caught, fixture, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('dossiers');
});

let n = 0;
function newDossier(over: Partial<NewDossier> = {}): NewDossier {
  n += 1;
  return {
    id: `d-${n}-${Math.random().toString(36).slice(2, 8)}`,
    reference: `AAP26-1.1-${String(n).padStart(6, '0')}`,
    porteurId: 'porteur-a',
    dispositifCode: '1.1',
    territory: 'Arrageois',
    status: 'submitted',
    submission: { projectTitle: 'Atelier', budget: { total: 120000 }, partners: ['x', 'y'] },
    amounts: { requestedCents: 5_000_000, paidCents: 0 },
    workflow: {},
    ...over,
  };
}

describe('dossiers', () => {
  it('creates a dossier at version 1 and reads it back whole', async () => {
    const d = newDossier();
    const created = await f.repo.createDossier(d);
    expect(created).toMatchObject({ ...d, version: 1, createdAt: '2026-03-02T09:00:00.000Z', updatedAt: '2026-03-02T09:00:00.000Z' });
    expect(await f.repo.getDossier(d.id)).toEqual(created);
    expect(await f.repo.getDossier('no-such-dossier')).toBeUndefined();
  });

  it('refuses to create the same id twice and keeps the first', async () => {
    const d = newDossier();
    await f.repo.createDossier(d);
    const err = await caught(() => f.repo.createDossier({ ...d, porteurId: 'intruder' }));
    expect(err).toBeInstanceOf(RecordAlreadyExistsError);
    expect((await f.repo.getDossier(d.id))?.porteurId).toBe('porteur-a');
  });

  it('refuses an id with "#" (it is embedded in other keys)', async () => {
    await expect(f.repo.createDossier(newDossier({ id: 'a#b' }))).rejects.toThrow(RangeError);
  });

  it('updates with the right version and bumps it', async () => {
    const d = await f.repo.createDossier(newDossier());
    f.clock.advance(60_000);
    const updated = await f.repo.updateDossier(d.id, 1, {
      amounts: { requestedCents: 5_000_000, grantedCents: 4_000_000, paidCents: 0 },
      workflow: { executionArn: 'arn:aws:states:eu-west-3:1:execution:instruction:d' },
    });
    expect(updated.version).toBe(2);
    expect(updated.amounts.grantedCents).toBe(4_000_000);
    expect(updated.workflow).toEqual({ executionArn: 'arn:aws:states:eu-west-3:1:execution:instruction:d' });
    expect(updated.updatedAt).not.toBe(updated.createdAt);
    expect(updated.submission).toEqual(d.submission);
    expect(await f.repo.getDossier(d.id)).toEqual(updated);
  });

  it('refuses a stale version with VersionConflictError and leaves the item unchanged', async () => {
    const d = await f.repo.createDossier(newDossier());
    await f.repo.updateDossier(d.id, 1, { territory: 'Calaisis' });
    const before = await f.rawItem(keys.dossier(d.id));
    const err = await caught(() => f.repo.updateDossier(d.id, 1, { territory: 'Boulonnais' }));
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect(await f.rawItem(keys.dossier(d.id))).toEqual(before);
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const d = await f.repo.createDossier(newDossier());
    const results = await Promise.allSettled([
      f.repo.updateDossier(d.id, 1, { territory: 'Ternois' }),
      f.repo.updateDossier(d.id, 1, { territory: 'Audomarois' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    const stored = await f.repo.getDossier(d.id);
    expect(stored?.version).toBe(2);
    expect(stored?.territory).toBe((won[0] as PromiseFulfilledResult<{ territory: string }>).value.territory);
  });

  it('update of a missing dossier is RecordNotFoundError (and creates nothing)', async () => {
    const err = await caught(() => f.repo.updateDossier('ghost', 1, { territory: 'Artois' }));
    expect(err).toBeInstanceOf(RecordNotFoundError);
    expect(await f.repo.getDossier('ghost')).toBeUndefined();
  });

  it('transitions only from an allowed status, moving it between status lists', async () => {
    const d = await f.repo.createDossier(newDossier({ dispositifCode: '2.3' }));
    const t = await f.repo.transitionDossier(d.id, ['submitted'], 'completeness-check', { workflow: { step: 'completeness' } });
    expect(t).toMatchObject({ status: 'completeness-check', version: 2, workflow: { step: 'completeness' } });
    expect((await f.repo.listDossiersByDispositifAndStatus('2.3', 'submitted')).map((x) => x.id)).not.toContain(d.id);
    expect((await f.repo.listDossiersByDispositifAndStatus('2.3', 'completeness-check')).map((x) => x.id)).toEqual([d.id]);

    const before = await f.rawItem(keys.dossier(d.id));
    const err = await caught(() => f.repo.transitionDossier(d.id, ['ready-for-cp', 'cp-adjourned'], 'cp-favourable'));
    expect(err).toBeInstanceOf(InvalidTransitionError);
    expect(err).toMatchObject({ actual: 'completeness-check', to: 'cp-favourable' });
    expect(await f.rawItem(keys.dossier(d.id))).toEqual(before);

    await expect(f.repo.transitionDossier('ghost', ['submitted'], 'rejected')).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('of two concurrent transitions from the same status, exactly one happens', async () => {
    const d = await f.repo.createDossier(newDossier());
    const results = await Promise.allSettled([
      f.repo.transitionDossier(d.id, ['submitted'], 'completeness-check'),
      f.repo.transitionDossier(d.id, ['submitted'], 'rejected'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(InvalidTransitionError);
    expect((await f.repo.getDossier(d.id))?.version).toBe(2);
  });

  it('a status change through updateDossier keeps the status index right', async () => {
    const d = await f.repo.createDossier(newDossier({ dispositifCode: '2.4' }));
    await f.repo.updateDossier(d.id, 1, { status: 'ready-for-cp' });
    expect((await f.repo.listDossiersByDispositifAndStatus('2.4', 'ready-for-cp')).map((x) => x.id)).toEqual([d.id]);
    expect(await f.repo.listDossiersByDispositifAndStatus('2.4', 'submitted')).toEqual([]);
  });

  it('lists the dossiers of a porteur, newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      f.clock.advance(1000);
      ids.push((await f.repo.createDossier(newDossier({ porteurId: 'porteur-list' }))).id);
    }
    await f.repo.createDossier(newDossier({ porteurId: 'someone-else' }));
    const listed = await f.repo.listDossiersOfPorteur('porteur-list');
    expect(listed.map((d) => d.id)).toEqual([...ids].reverse());
    expect(listed[0]?.submission).toEqual(newDossier().submission);
  });

  it('lists a dispositif in a status without the dispositifs whose code starts the same', async () => {
    const a = await f.repo.createDossier(newDossier({ dispositifCode: '3.1', status: 'ready-for-cp' }));
    f.clock.advance(1000);
    const b = await f.repo.createDossier(newDossier({ dispositifCode: '3.1', status: 'ready-for-cp' }));
    await f.repo.createDossier(newDossier({ dispositifCode: '3.10', status: 'ready-for-cp' }));
    await f.repo.createDossier(newDossier({ dispositifCode: '3.1', status: 'submitted' }));
    const ready = await f.repo.listDossiersByDispositifAndStatus('3.1', 'ready-for-cp');
    expect(ready.map((d) => d.id)).toEqual([a.id, b.id]);
    // Every dispositif's, by code then oldest first: '3.1' sorts before '3.10'.
    const all = await f.repo.listDossiersByStatus('ready-for-cp');
    expect(all.filter((d) => d.dispositifCode.startsWith('3.1')).map((d) => d.dispositifCode)).toEqual(['3.1', '3.1', '3.10']);
    expect(all.filter((d) => d.dispositifCode === '3.1').map((d) => d.id)).toEqual([a.id, b.id]);
    expect(all.every((d) => d.status === 'ready-for-cp')).toBe(true);
  });

  it('allocates references per dispositif, once per dossier id, never twice the same', async () => {
    const r1 = await f.repo.allocateDossierReference('1.7', 'dossier-r1');
    const r2 = await f.repo.allocateDossierReference('1.7', 'dossier-r2');
    const other = await f.repo.allocateDossierReference('4.2', 'dossier-r3');
    expect(r1).toBe('AAP26-1.7-000001');
    expect(r2).toBe('AAP26-1.7-000002');
    expect(other).toBe('AAP26-4.2-000001');
    // A retry for the same dossier gets the same reference.
    expect(await f.repo.allocateDossierReference('1.7', 'dossier-r1')).toBe(r1);
    await expect(f.repo.allocateDossierReference('4.2', 'dossier-r1')).rejects.toBeInstanceOf(RecordAlreadyExistsError);
  });

  it('allocates distinct references to 25 concurrent dossiers, without gap, and one to 5 concurrent retries', async () => {
    const refs = await Promise.all(Array.from({ length: 25 }, (_, i) => f.repo.allocateDossierReference('5.1', `conc-${i}`)));
    expect(refs.toSorted()).toEqual(Array.from({ length: 25 }, (_, i) => `AAP26-5.1-${String(i + 1).padStart(6, '0')}`));
    const same = await Promise.all(Array.from({ length: 5 }, () => f.repo.allocateDossierReference('5.2', 'retried')));
    expect(new Set(same).size).toBe(1);
  });

  it('gives a retry after a crash between taking the number and reserving it the same number: no gap', async () => {
    const first = await f.repo.allocateDossierReference('2.9', 'crashed');
    // The crash: the number was taken, the reservation never written.
    await f.doc.send(new DeleteCommand({ TableName: f.tableName, Key: keys.dossierReference('crashed') }));
    expect(await f.repo.allocateDossierReference('2.9', 'crashed')).toBe(first);
    expect(await f.repo.allocateDossierReference('2.9', 'next')).toBe('AAP26-2.9-000002');
  });
});

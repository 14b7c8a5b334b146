import { beforeAll, describe, expect, it } from 'vitest';
import { CpSessionClosedError, RecordNotFoundError } from '#domain/ports/errors.ts';
import { fixture, type Fixture } from './fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('cpsessions');
});

describe('Commission Permanente sessions', () => {
  it('creates a session once and reads it', async () => {
    expect(await f.repo.createCpSession({ id: 'cp-2026-06', date: '2026-06-29' })).toBe(true);
    expect(await f.repo.createCpSession({ id: 'cp-2026-06', date: '2026-07-06' })).toBe(false);
    expect(await f.repo.getCpSession('cp-2026-06')).toEqual({
      id: 'cp-2026-06',
      date: '2026-06-29',
      status: 'open',
      dossierIds: [],
      createdAt: '2026-03-02T09:00:00.000Z',
      version: 1,
    });
    expect(await f.repo.getCpSession('nope')).toBeUndefined();
  });

  it('places dossiers on the agenda once each, in order, also under concurrency', async () => {
    await f.repo.createCpSession({ id: 'cp-agenda', date: '2026-09-28' });
    expect(await f.repo.addDossierToCpSession('cp-agenda', 'd1')).toBe(true);
    expect(await f.repo.addDossierToCpSession('cp-agenda', 'd1')).toBe(false);
    const results = await Promise.all(['d2', 'd3', 'd2', 'd4', 'd3'].map((d) => f.repo.addDossierToCpSession('cp-agenda', d)));
    expect(results.filter(Boolean)).toHaveLength(3);
    const s = await f.repo.getCpSession('cp-agenda');
    expect(s?.dossierIds[0]).toBe('d1');
    expect([...(s?.dossierIds ?? [])].sort()).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(s?.version).toBe(5);
  });

  it('a decided session takes no more dossiers and cannot be decided again', async () => {
    await f.repo.createCpSession({ id: 'cp-closed', date: '2026-10-12' });
    await f.repo.addDossierToCpSession('cp-closed', 'd1');
    f.clock.advance(1000);
    const decided = await f.repo.markCpSessionDecided('cp-closed', 'CP-2026-10-12-042');
    expect(decided).toMatchObject({
      status: 'decided',
      deliberationNumber: 'CP-2026-10-12-042',
      decidedAt: f.clock.now().toISOString(),
      dossierIds: ['d1'],
    });
    await expect(f.repo.addDossierToCpSession('cp-closed', 'd2')).rejects.toBeInstanceOf(CpSessionClosedError);
    expect(await f.repo.addDossierToCpSession('cp-closed', 'd1')).toBe(false);
    await expect(f.repo.markCpSessionDecided('cp-closed')).rejects.toBeInstanceOf(CpSessionClosedError);
    await expect(f.repo.markCpSessionDecided('ghost')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(f.repo.addDossierToCpSession('ghost', 'd1')).rejects.toBeInstanceOf(RecordNotFoundError);
    expect(await f.repo.getCpSession('ghost')).toBeUndefined();
  });

  it('lists sessions from a day on, by date', async () => {
    const g = await fixture('cpsessions-list');
    await g.repo.createCpSession({ id: 'c', date: '2026-12-14' });
    await g.repo.createCpSession({ id: 'a', date: '2026-05-04' });
    await g.repo.createCpSession({ id: 'b', date: '2026-07-06' });
    expect((await g.repo.listCpSessions('2026-06-01')).map((s) => s.id)).toEqual(['b', 'c']);
    expect((await g.repo.listCpSessions('2026-07-06')).map((s) => s.id)).toEqual(['b', 'c']);
    expect((await g.repo.listCpSessions('2026-01-01')).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });
});

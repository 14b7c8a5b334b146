import { describe, expect, it } from 'vitest';
import { CATALOG_FILES, createCatalog } from '#domain/catalog/index.ts';
import { submittedWithinWindow } from '#domain/rules/index.ts';
import { context, dossier, parisInstant } from './helpers.ts';

const codes = (now: Date, ctxCatalog = context().catalog, code = '1.1') =>
  submittedWithinWindow(
    dossier(() => {}, { dispositifCode: code, catalog: ctxCatalog }),
    context({ now, catalog: ctxCatalog }, { catalog: ctxCatalog, dispositifCode: code }),
  ).map((v) => v.code);

describe('submittedWithinWindow', () => {
  it('opens on 12 January 2026 at midnight, Paris time', () => {
    expect(codes(parisInstant('2026-01-11T23:59:59.999', '+01:00'))).toEqual(['SUBMISSION_NOT_YET_OPEN']);
    expect(codes(parisInstant('2026-01-12T00:00:00', '+01:00'))).toEqual([]);
    // 23:30 UTC on 11 January is already 12 January in Paris
    expect(codes(new Date('2026-01-11T23:30:00Z'))).toEqual([]);
  });

  it('closes at the end of its last day, 15 September 2026 (summer time)', () => {
    expect(codes(parisInstant('2026-09-15T23:59:59', '+02:00'))).toEqual([]);
    expect(codes(parisInstant('2026-09-16T00:00:00', '+02:00'))).toEqual(['SUBMISSION_CLOSED']);
    // 22:30 UTC on 15 September is 16 September in Paris
    expect(codes(new Date('2026-09-15T22:30:00Z'))).toEqual(['SUBMISSION_CLOSED']);
  });

  it('tells the porteur the dates in French', () => {
    const [early] = submittedWithinWindow(dossier(), context({ now: new Date('2026-01-05T10:00:00Z') }));
    expect(early?.message).toBe("Le dépôt des dossiers pour le dispositif 1.1 n'ouvre que le 12 janvier 2026.");
    const [late] = submittedWithinWindow(dossier(), context({ now: new Date('2026-10-01T10:00:00Z') }));
    expect(late?.message).toBe(
      'Le dépôt des dossiers pour le dispositif 1.1 est clos : le dernier jour de dépôt était le 15 septembre 2026.',
    );
  });

  it('with several sessions, refuses a day between them and names the next one', () => {
    const files = structuredClone(CATALOG_FILES) as any;
    const entry = files.dispositifs.dispositifs.find((d: any) => d.code === '4.1');
    entry.sessions = [
      { opensOn: '2026-01-12', closesOn: '2026-03-13' },
      { opensOn: '2026-05-04', closesOn: '2026-09-15' },
    ];
    const cat = createCatalog(files);
    expect(codes(new Date('2026-03-13T12:00:00Z'), cat, '4.1')).toEqual([]);
    expect(codes(new Date('2026-04-15T12:00:00Z'), cat, '4.1')).toEqual(['SUBMISSION_BETWEEN_SESSIONS']);
    expect(codes(new Date('2026-05-04T08:00:00Z'), cat, '4.1')).toEqual([]);
    const [v] = submittedWithinWindow(
      dossier(() => {}, { dispositifCode: '4.1', catalog: cat }),
      context({ now: new Date('2026-04-15T12:00:00Z'), catalog: cat }, { catalog: cat, dispositifCode: '4.1' }),
    );
    expect(v?.message).toBe(
      "Aucune session de dépôt n'est ouverte pour le dispositif 4.1 le 15 avril 2026 : la prochaine session ouvre le 4 mai 2026.",
    );
  });

  it('uses the dispositif’s own closing day when its fiche sets one', () => {
    const files = structuredClone(CATALOG_FILES) as any;
    files.dispositifs.dispositifs.find((d: any) => d.code === '1.2').closesOn = '2026-06-30';
    const cat = createCatalog(files);
    expect(codes(new Date('2026-06-30T20:00:00Z'), cat, '1.2')).toEqual([]);
    expect(codes(new Date('2026-07-01T08:00:00Z'), cat, '1.2')).toEqual(['SUBMISSION_CLOSED']);
    expect(codes(new Date('2026-07-01T08:00:00Z'), cat, '1.1')).toEqual([]);
  });
});

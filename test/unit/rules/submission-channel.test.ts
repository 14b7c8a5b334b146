import { describe, expect, it } from 'vitest';
import { filedThroughDispositifChannel } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('filedThroughDispositifChannel', () => {
  it('passes for an E-partenaire dispositif filed by the porteur (default channel)', () => {
    const ctx = context();
    delete ctx.channel;
    expect(filedThroughDispositifChannel(dossier(), ctx)).toEqual([]);
  });

  it('refuses a spslh dispositif filed by the porteur, and says where to file it', () => {
    const s = dossier(() => {}, { dispositifCode: '2.12' });
    const ctx = context({ channel: 'e-partenaire' }, { dispositifCode: '2.12' });
    const [v, ...rest] = filedThroughDispositifChannel(s, ctx);
    expect(rest).toEqual([]);
    expect(v?.code).toBe('DISPOSITIF_FILED_ELSEWHERE');
    expect(v?.path).toBe('dispositifCode');
    expect(v?.message).toContain(
      'Le dispositif 2.12 « FSL Précarité énergétique : actions de prévention à destination des ménages » ne se dépose pas par E-partenaire',
    );
    expect(v?.message).toContain('spslh@pasdecalais.fr');
  });

  it('refuses 3.7 on E-partenaire and points to Démarches simplifiées', () => {
    const [v] = filedThroughDispositifChannel(
      dossier(() => {}, { dispositifCode: '3.7' }),
      context({ channel: 'e-partenaire' }, { dispositifCode: '3.7' }),
    );
    expect(v?.message).toContain('https://www.demarches-simplifiees.fr/');
  });

  it('accepts a spslh dossier registered by the service with its channel', () => {
    expect(
      filedThroughDispositifChannel(
        dossier(() => {}, { dispositifCode: '2.2' }),
        context({ channel: 'spslh-word' }, { dispositifCode: '2.2' }),
      ),
    ).toEqual([]);
  });

  it('refuses an E-partenaire dispositif registered as received by spslh', () => {
    expect(filedThroughDispositifChannel(dossier(), context({ channel: 'spslh-word' })).map((v) => v.code)).toEqual([
      'DISPOSITIF_FILED_ELSEWHERE',
    ]);
  });
});

/**
 * A dossier is filed through its dispositif's channel.
 * Call, « Modalités de dépôt » : « Tout porteur de projet souhaitant déposer une demande devra se
 * rendre sur la plateforme départementale, dématérialisée, nommée « E-partenaire », excepté pour
 * les dispositifs suivants » — 2.2, 2.11, 2.12 and 2.13 (Word dossier through
 * spslh@pasdecalais.fr) and 3.7 (Démarches simplifiées).
 *
 * This system carries the life of every dossier, whatever its channel, but a porteur files here
 * only what the call lets it file on E-partenaire: for the other dispositifs it is told where to
 * file, and the service that receives such a dossier registers it with its own channel
 * (ctx.channel). A dossier is therefore refused when the channel it arrives by is not its
 * dispositif's.
 */
import type { Submission } from '#domain/submission/index.ts';
import type { RuleContext, Violation } from './violation.ts';

export const DEFAULT_CHANNEL = 'e-partenaire' as const;

export function filedThroughDispositifChannel(submission: Pick<Submission, 'dispositifCode'>, ctx: RuleContext): Violation[] {
  const dispositif = ctx.catalog.dispositifByCode(submission.dispositifCode);
  if (!dispositif) return []; // dispositifExists reports it
  const arrivedBy = ctx.channel ?? DEFAULT_CHANNEL;
  if (dispositif.channel === arrivedBy) return [];
  const expected = ctx.catalog.channelInfo(dispositif.channel);
  const actual = ctx.catalog.channelInfo(arrivedBy);
  return [
    {
      path: 'dispositifCode',
      code: 'DISPOSITIF_FILED_ELSEWHERE',
      message:
        `Le dispositif ${dispositif.code} « ${dispositif.title} » ne se dépose pas par ${actual.label} ` +
        `mais par ${expected.label}. ${expected.howToFile}`,
    },
  ];
}

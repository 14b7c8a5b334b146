/**
 * Emails of the entry channels outside E-partenaire: the individual filing space the service
 * opens for a porteur of 2.2, 2.11, 2.12 or 2.13 (call, « Modalités de dépôt »).
 */
import * as z from 'zod/mini';
import { CALL_NAME } from './call-text.ts';
import { PORTEUR_CLOSING, PORTEUR_GREETING, dispositifLabel } from './common.ts';
import { formatDate } from './format.ts';
import { action, fact, facts, notice, paragraph, renderLayout, t, words, type RenderedEmail } from './layout.ts';
import { dateSchema, dispositifSchema, parseParams, serviceContactSchema, textSchema, urlSchema } from './schemas.ts';

export const filingInvitationSchema = z.object({
  contact: serviceContactSchema,
  porteurName: textSchema,
  siret: textSchema,
  dispositif: dispositifSchema,
  openedOn: dateSchema,
  expiresOn: dateSchema,
  filingUrl: urlSchema,
});
export type FilingInvitationParams = z.infer<typeof filingInvitationSchema>;

export function filingInvitationEmail(params: FilingInvitationParams): RenderedEmail {
  const p = parseParams('filing-invitation', filingInvitationSchema, params);
  return renderLayout({
    subject: t`Votre espace de dépôt pour le dispositif ${p.dispositif.code}, ouvert jusqu’au ${formatDate(p.expiresOn)}`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Vous nous avez fait part de votre intention de déposer un projet au titre de l’${CALL_NAME}. Le service a ouvert, le ${formatDate(p.openedOn)}, un espace de dépôt de dossier individualisé pour ${p.porteurName}.`,
      ),
      facts(
        fact('Dispositif', dispositifLabel(p.dispositif)),
        fact('Structure', p.porteurName),
        fact('SIRET', p.siret),
        fact('Dépôt possible jusqu’au', formatDate(p.expiresOn)),
      ),
      action('Déposer le dossier', p.filingUrl),
      notice(
        words(
          'Cet espace ne sert qu’une fois : le dossier y est déposé pour cette structure et ce dispositif, avec les mêmes règles que tout dossier de l’appel à projets. Passé la date indiquée, demandez au service l’ouverture d’un nouvel espace.',
        ),
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

/** Each kind of this file, declared once: who reads it, its parameters' schema, its template (index.ts lists them all). */
export const FILING_INVITATION = {
  kind: 'filing-invitation',
  audience: 'porteur',
  schema: filingInvitationSchema,
  render: filingInvitationEmail,
} as const;

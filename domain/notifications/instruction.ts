/**
 * Emails of the instruction phase, to the porteur: acknowledgement, complements, closing as
 * incomplete, and the decisions (chief of SLAI/SLISL, Commission Permanente).
 */
import * as z from 'zod/mini';
import { CALL_NAME, CALL_QUOTES } from './call-text.ts';
import { PORTEUR_CLOSING, PORTEUR_GREETING, REDRESS, dispositifLabel, dossierFacts } from './common.ts';
import { formatDate, formatEuros } from './format.ts';
import {
  action,
  bullets,
  fact,
  facts,
  heading,
  notice,
  paragraph,
  quote,
  renderLayout,
  steps,
  strong,
  t,
  words,
  type Block,
  type RenderedEmail,
} from './layout.ts';
import { centsSchema, dateSchema, parseParams, porteurDossierSchema, textSchema, urlSchema } from './schemas.ts';

// --- acknowledgement -----------------------------------------------------------------------

export const acknowledgementSchema = z.extend(porteurDossierSchema, {
  /** The operation's title, as the porteur wrote it. */
  operationTitle: textSchema,
  receivedOn: dateSchema,
});
export type AcknowledgementParams = z.infer<typeof acknowledgementSchema>;

export function acknowledgementEmail(params: AcknowledgementParams): RenderedEmail {
  const p = parseParams('acknowledgement', acknowledgementSchema, params);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : accusé de réception`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Le Département du Pas-de-Calais accuse réception, le ${formatDate(p.receivedOn)}, du dossier de demande de participation financière déposé par ${p.porteurName} dans le cadre de l’${CALL_NAME}.`,
      ),
      facts(
        fact('Référence du dossier', p.dossierReference),
        fact('Dispositif', dispositifLabel(p.dispositif)),
        fact('Opération', p.operationTitle),
        fact('Date de réception', formatDate(p.receivedOn)),
      ),
      heading('Les prochaines étapes'),
      steps([
        words(
          'Le service instructeur vérifie que votre dossier est complet. S’il manque des pièces ou des informations, il vous demandera des compléments par courriel, avec une date limite pour les transmettre.',
        ),
        words('Le chef de SLAI/SLISL de votre territoire valide le dossier.'),
        words(
          'Le dossier est présenté à la Commission Permanente du Conseil départemental, qui émet un avis favorable ou défavorable, ou ajourne son examen à une séance ultérieure, dans la limite de l’enveloppe allouée au dispositif.',
        ),
      ]),
      paragraph(
        t`Chacune de ces étapes vous sera notifiée par courriel. Merci de rappeler la référence ${p.dossierReference} dans tous vos échanges avec le service.`,
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- complements-request -------------------------------------------------------------------

export const complementsRequestSchema = z.extend(porteurDossierSchema, {
  /** Each piece or piece of information asked for, as the instructor wrote it. */
  complements: z.array(textSchema).check(z.minLength(1)),
  /** The instructor's comment, if any (line breaks kept). */
  comment: z.optional(textSchema),
  dueDate: dateSchema,
  /** Where to send the complements, when the filing platform has a page for it. */
  submissionUrl: z.optional(urlSchema),
});
export type ComplementsRequestParams = z.infer<typeof complementsRequestSchema>;

export function complementsRequestEmail(params: ComplementsRequestParams): RenderedEmail {
  const p = parseParams('complements-request', complementsRequestSchema, params);
  const due = formatDate(p.dueDate);
  const blocks: Block[] = [
    paragraph(
      t`Le service instructeur a examiné le dossier ${p.dossierReference} déposé par ${p.porteurName}. Pour qu’il puisse être déclaré complet, les compléments suivants sont nécessaires :`,
    ),
    bullets(p.complements),
  ];
  if (p.comment !== undefined) blocks.push(quote('Commentaire du service instructeur', p.comment));
  blocks.push(facts(...dossierFacts(p), fact('À transmettre au plus tard le', strong(due))));
  blocks.push(
    p.submissionUrl === undefined
      ? paragraph(words('Transmettez ces compléments par le même canal que votre dossier, en rappelant sa référence.'))
      : action('Transmettre les compléments', p.submissionUrl),
  );
  blocks.push(
    notice(
      t`Sans réception de l’ensemble de ces compléments au plus tard le ${due}, votre dossier sera clôturé comme incomplet et ne pourra pas être présenté à la Commission Permanente.`,
    ),
  );
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : compléments à transmettre au plus tard le ${due}`,
    greeting: PORTEUR_GREETING,
    blocks,
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- dossier-incomplete --------------------------------------------------------------------

export const dossierIncompleteSchema = z.extend(porteurDossierSchema, {
  /** The complements deadline that passed. */
  complementsDueDate: dateSchema,
  closedOn: dateSchema,
});
export type DossierIncompleteParams = z.infer<typeof dossierIncompleteSchema>;

export function dossierIncompleteEmail(params: DossierIncompleteParams): RenderedEmail {
  const p = parseParams('dossier-incomplete', dossierIncompleteSchema, params);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : clôturé comme incomplet`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Les compléments demandés pour le dossier ${p.dossierReference} devaient être transmis au plus tard le ${formatDate(p.complementsDueDate)}. Ils n’ont pas été reçus dans ce délai.`,
      ),
      notice(
        t`Le dossier a donc été clôturé comme incomplet le ${formatDate(p.closedOn)}. Il ne sera pas présenté à la Commission Permanente et ne peut plus donner lieu à une participation financière.`,
      ),
      facts(
        ...dossierFacts(p),
        fact('Date limite des compléments', formatDate(p.complementsDueDate)),
        fact('Date de clôture', formatDate(p.closedOn)),
      ),
      paragraph(words('Si l’appel à projets est encore ouvert pour ce dispositif, vous pouvez déposer un nouveau dossier complet.')),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- decision-rejected (chief of SLAI/SLISL) -----------------------------------------------

export const decisionRejectedSchema = z.extend(porteurDossierSchema, {
  reason: textSchema,
  decidedOn: dateSchema,
});
export type DecisionRejectedParams = z.infer<typeof decisionRejectedSchema>;

export function decisionRejectedEmail(params: DecisionRejectedParams): RenderedEmail {
  const p = parseParams('decision-rejected', decisionRejectedSchema, params);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : dossier non validé`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Après instruction, le chef de SLAI/SLISL de votre territoire n’a pas validé, le ${formatDate(p.decidedOn)}, le dossier ${p.dossierReference} déposé par ${p.porteurName}. Le dossier ne sera donc pas présenté à la Commission Permanente.`,
      ),
      facts(...dossierFacts(p), fact('Date de la décision', formatDate(p.decidedOn))),
      quote('Motif', p.reason),
      paragraph(REDRESS),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- Commission Permanente decisions -------------------------------------------------------

const cpSessionSchema = z.extend(porteurDossierSchema, {
  /** The date of the Commission Permanente's session. */
  cpDate: dateSchema,
});

export const decisionUnfavourableSchema = z.extend(cpSessionSchema, {
  deliberationNumber: textSchema,
  reason: textSchema,
});
export type DecisionUnfavourableParams = z.infer<typeof decisionUnfavourableSchema>;

export function decisionUnfavourableEmail(params: DecisionUnfavourableParams): RenderedEmail {
  const p = parseParams('decision-unfavourable', decisionUnfavourableSchema, params);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : avis défavorable de la Commission Permanente`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Réunie le ${formatDate(p.cpDate)}, la Commission Permanente du Conseil départemental du Pas-de-Calais a émis un avis défavorable sur le dossier ${p.dossierReference} déposé par ${p.porteurName} (délibération n° ${p.deliberationNumber}).`,
      ),
      facts(
        ...dossierFacts(p),
        fact('Séance de la Commission Permanente', formatDate(p.cpDate)),
        fact('Délibération', t`n° ${p.deliberationNumber}`),
      ),
      quote('Motif', p.reason),
      paragraph(REDRESS),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

export const decisionAdjournedSchema = z.extend(cpSessionSchema, {
  deliberationNumber: z.optional(textSchema),
  reason: z.optional(textSchema),
  /** The session the dossier is expected at, when already known. */
  nextSessionDate: z.optional(dateSchema),
});
export type DecisionAdjournedParams = z.infer<typeof decisionAdjournedSchema>;

export function decisionAdjournedEmail(params: DecisionAdjournedParams): RenderedEmail {
  const p = parseParams('decision-adjourned', decisionAdjournedSchema, params);
  const blocks: Block[] = [
    paragraph(
      t`Réunie le ${formatDate(p.cpDate)}, la Commission Permanente du Conseil départemental du Pas-de-Calais a ajourné l’examen du dossier ${p.dossierReference} déposé par ${p.porteurName} à une séance ultérieure.`,
    ),
    facts(
      ...dossierFacts(p),
      fact('Séance de la Commission Permanente', formatDate(p.cpDate)),
      p.deliberationNumber === undefined ? undefined : fact('Délibération', t`n° ${p.deliberationNumber}`),
      p.nextSessionDate === undefined ? undefined : fact('Prochaine séance prévue', formatDate(p.nextSessionDate)),
    ),
  ];
  if (p.reason !== undefined) blocks.push(quote('Motif de l’ajournement', p.reason));
  blocks.push(
    paragraph(
      p.nextSessionDate === undefined
        ? words('La date de la séance à laquelle il sera de nouveau présenté vous sera communiquée par courriel.')
        : t`Il devrait être de nouveau présenté à la séance du ${formatDate(p.nextSessionDate)}.`,
    ),
    paragraph(words('Aucune démarche n’est attendue de votre part à ce stade, sauf demande du service instructeur.')),
  );
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : examen ajourné par la Commission Permanente`,
    greeting: PORTEUR_GREETING,
    blocks,
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

export const decisionFavourableSchema = z.extend(cpSessionSchema, {
  deliberationNumber: textSchema,
  amountCents: centsSchema,
});
export type DecisionFavourableParams = z.infer<typeof decisionFavourableSchema>;

export function decisionFavourableEmail(params: DecisionFavourableParams): RenderedEmail {
  const p = parseParams('decision-favourable', decisionFavourableSchema, params);
  const amount = formatEuros(p.amountCents);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : avis favorable, participation de ${amount}`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Réunie le ${formatDate(p.cpDate)}, la Commission Permanente du Conseil départemental du Pas-de-Calais a émis un avis favorable sur le dossier ${p.dossierReference} déposé par ${p.porteurName} et lui accorde une participation financière de ${strong(amount)} (délibération n° ${p.deliberationNumber}).`,
      ),
      facts(
        ...dossierFacts(p),
        fact('Montant accordé', strong(amount)),
        fact('Séance de la Commission Permanente', formatDate(p.cpDate)),
        fact('Délibération', t`n° ${p.deliberationNumber}`),
      ),
      heading('La suite'),
      paragraph(
        t`Une convention entre le Département et ${p.porteurName} va vous être adressée pour signature. Elle précisera notamment les modalités de versement de la participation et d’évaluation de l’opération.`,
      ),
      paragraph(words(CALL_QUOTES.eligibleExpenses)),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

/** Each kind of this file, declared once: who reads it, its parameters' schema, its template (index.ts lists them all). */
export const ACKNOWLEDGEMENT = {
  kind: 'acknowledgement',
  audience: 'porteur',
  schema: acknowledgementSchema,
  render: acknowledgementEmail,
} as const;
export const COMPLEMENTS_REQUEST = {
  kind: 'complements-request',
  audience: 'porteur',
  schema: complementsRequestSchema,
  render: complementsRequestEmail,
} as const;
export const DOSSIER_INCOMPLETE = {
  kind: 'dossier-incomplete',
  audience: 'porteur',
  schema: dossierIncompleteSchema,
  render: dossierIncompleteEmail,
} as const;
export const DECISION_REJECTED = {
  kind: 'decision-rejected',
  audience: 'porteur',
  schema: decisionRejectedSchema,
  render: decisionRejectedEmail,
} as const;
export const DECISION_UNFAVOURABLE = {
  kind: 'decision-unfavourable',
  audience: 'porteur',
  schema: decisionUnfavourableSchema,
  render: decisionUnfavourableEmail,
} as const;
export const DECISION_ADJOURNED = {
  kind: 'decision-adjourned',
  audience: 'porteur',
  schema: decisionAdjournedSchema,
  render: decisionAdjournedEmail,
} as const;
export const DECISION_FAVOURABLE = {
  kind: 'decision-favourable',
  audience: 'porteur',
  schema: decisionFavourableSchema,
  render: decisionFavourableEmail,
} as const;

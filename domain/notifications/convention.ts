/** Emails about the convention, to the porteur: to sign, avenants, payments. */
import * as z from 'zod/mini';
import { CALL_QUOTES, CALL_SOURCE } from './call-text.ts';
import { PORTEUR_CLOSING, PORTEUR_GREETING, dossierFacts } from './common.ts';
import { formatDate, formatEuros, formatPeriod } from './format.ts';
import {
  action,
  bullets,
  citation,
  fact,
  facts,
  heading,
  paragraph,
  quote,
  renderLayout,
  strong,
  t,
  table,
  words,
  type Block,
  type RenderedEmail,
} from './layout.ts';
import { centsSchema, dateSchema, parseParams, porteurDossierSchema, textSchema, urlSchema } from './schemas.ts';

const periodSchema = z
  .object({ start: dateSchema, end: dateSchema })
  .check(z.refine((period) => period.start <= period.end, { message: 'la période se termine avant de commencer' }));

const conventionDossierSchema = z.extend(porteurDossierSchema, { conventionReference: textSchema });

// --- convention-to-sign --------------------------------------------------------------------

export const conventionToSignSchema = z.extend(conventionDossierSchema, {
  amountCents: centsSchema,
  /** The operation's execution period. */
  operationPeriod: periodSchema,
  /** The convention's term, over which expenses are eligible, when it is set. */
  conventionPeriod: z.optional(periodSchema),
  /** Where to read (and download) the convention. */
  documentUrl: z.optional(urlSchema),
  /** The date the signed convention is expected back, if any. */
  returnBy: z.optional(dateSchema),
  /** The charter « obligations et contreparties en matière de communication » the structure undertakes to respect, and the call's address of it. */
  charterTitle: textSchema,
  charterUrl: urlSchema,
  /** The indicators the convention fixes for the evaluation, with their targets. */
  indicators: z.optional(z.array(z.object({ label: textSchema, target: z.number().check(z.int(), z.nonnegative()) }))),
});
export type ConventionToSignParams = z.infer<typeof conventionToSignSchema>;

export function conventionToSignEmail(params: ConventionToSignParams): RenderedEmail {
  const p = parseParams('convention-to-sign', conventionToSignSchema, params);
  const amount = formatEuros(p.amountCents);
  const blocks: Block[] = [
    paragraph(
      t`À la suite de l’avis favorable de la Commission Permanente, la convention relative au dossier ${p.dossierReference} est prête à être signée par ${p.porteurName}.`,
    ),
    facts(
      fact('Convention', p.conventionReference),
      ...dossierFacts(p),
      fact('Montant de la participation', strong(amount)),
      fact('Période de l’opération', formatPeriod(p.operationPeriod.start, p.operationPeriod.end)),
      p.conventionPeriod === undefined
        ? undefined
        : fact('Durée de la convention', formatPeriod(p.conventionPeriod.start, p.conventionPeriod.end)),
    ),
    heading('Dépenses éligibles'),
    bullets([
      p.conventionPeriod === undefined
        ? words('Les dépenses sont éligibles sur la durée de la convention.')
        : t`Les dépenses sont éligibles sur la durée de la convention, soit ${formatPeriod(p.conventionPeriod.start, p.conventionPeriod.end)}.`,
      words('Toutes les dépenses déclarées devront être acquittées au plus tard à la date du dépôt du bilan.'),
    ]),
  ];
  if (p.indicators?.length)
    blocks.push(
      heading('Évaluation de l’opération'),
      paragraph(
        words(
          'Le bilan final, qualitatif et quantitatif, donnera la valeur réalisée de chacun de ces indicateurs, ainsi que les sorties des participants par nature :',
        ),
      ),
      table(
        ['Indicateur', 'Objectif'],
        p.indicators.map((i) => [i.label, String(i.target)]),
      ),
    );
  blocks.push(
    heading('Communication'),
    paragraph(
      t`${p.porteurName} s’engage à respecter la charte à l’intention des partenaires du Département intitulée « ${p.charterTitle} », consultable à l’adresse ${p.charterUrl}, ainsi que la charte graphique dédiée : le soutien du Département et son logo apparaissent sur les supports de communication de l’opération.`,
    ),
    action('Consulter la charte de communication', p.charterUrl),
  );
  if (p.documentUrl !== undefined) blocks.push(action('Consulter la convention', p.documentUrl));
  blocks.push(
    paragraph(
      p.returnBy === undefined
        ? words('Merci de retourner la convention signée au service instructeur dans les meilleurs délais.')
        : t`Merci de retourner la convention signée au service instructeur au plus tard le ${formatDate(p.returnBy)}.`,
    ),
  );
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : convention ${p.conventionReference} à signer`,
    greeting: PORTEUR_GREETING,
    blocks,
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- avenants ------------------------------------------------------------------------------

const avenantSchema = z.extend(conventionDossierSchema, {
  /** What the avenant asked to change, as summarised by the service. */
  avenantSubject: textSchema,
  decidedOn: dateSchema,
});

export const avenantAcceptedSchema = z.extend(avenantSchema, {
  /** The operation's new end date, when the avenant changes it. */
  newOperationEnd: z.optional(dateSchema),
});
export type AvenantAcceptedParams = z.infer<typeof avenantAcceptedSchema>;

export function avenantAcceptedEmail(params: AvenantAcceptedParams): RenderedEmail {
  const p = parseParams('avenant-accepted', avenantAcceptedSchema, params);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : avenant à la convention ${p.conventionReference} accepté`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`La demande d’avenant à la convention ${p.conventionReference} (dossier ${p.dossierReference}) présentée par ${p.porteurName} a été acceptée le ${formatDate(p.decidedOn)}.`,
      ),
      facts(
        fact('Convention', p.conventionReference),
        ...dossierFacts(p),
        fact('Date de la décision', formatDate(p.decidedOn)),
        p.newOperationEnd === undefined ? undefined : fact('Nouvelle date de fin de l’opération', strong(formatDate(p.newOperationEnd))),
      ),
      quote('Objet de l’avenant', p.avenantSubject),
      paragraph(words('L’avenant vous sera adressé pour signature. Les autres stipulations de la convention restent inchangées.')),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

export const avenantRefusedSchema = z.extend(avenantSchema, {
  reason: textSchema,
  /** True when the avenant asked to change the execution period (the call's rule then applies). */
  changesExecutionPeriod: z.boolean(),
});
export type AvenantRefusedParams = z.infer<typeof avenantRefusedSchema>;

export function avenantRefusedEmail(params: AvenantRefusedParams): RenderedEmail {
  const p = parseParams('avenant-refused', avenantRefusedSchema, params);
  const blocks: Block[] = [
    paragraph(
      t`La demande d’avenant à la convention ${p.conventionReference} (dossier ${p.dossierReference}) présentée par ${p.porteurName} a été refusée le ${formatDate(p.decidedOn)}.`,
    ),
    facts(fact('Convention', p.conventionReference), ...dossierFacts(p), fact('Date de la décision', formatDate(p.decidedOn))),
    quote('Objet de la demande', p.avenantSubject),
    quote('Motif du refus', p.reason),
  ];
  if (p.changesExecutionPeriod) {
    blocks.push(paragraph(words('Pour rappel, l’appel à projets prévoit que :')), citation(CALL_QUOTES.avenantPeriod, CALL_SOURCE));
  }
  blocks.push(paragraph(words('La convention continue de s’appliquer dans ses termes actuels.')));
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : avenant à la convention ${p.conventionReference} refusé`,
    greeting: PORTEUR_GREETING,
    blocks,
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- payment-made --------------------------------------------------------------------------

export const paymentMadeSchema = z.extend(conventionDossierSchema, {
  /** « Avance de 50 % », « Deuxième acompte », « Solde »… */
  installmentLabel: textSchema,
  amountCents: centsSchema,
  paidOn: dateSchema,
  /** Where the dossier stands after this payment, when known. */
  cumulative: z.optional(
    z
      .object({ paidCents: centsSchema, grantedCents: centsSchema })
      .check(z.refine((c) => c.paidCents <= c.grantedCents, { message: 'plus versé qu’accordé' })),
  ),
});
export type PaymentMadeParams = z.infer<typeof paymentMadeSchema>;

export function paymentMadeEmail(params: PaymentMadeParams): RenderedEmail {
  const p = parseParams('payment-made', paymentMadeSchema, params);
  const amount = formatEuros(p.amountCents);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : versement de ${amount} (${p.installmentLabel})`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Le Département du Pas-de-Calais a mis en paiement le ${formatDate(p.paidOn)} un versement de ${strong(amount)} au titre de la convention ${p.conventionReference} (dossier ${p.dossierReference}).`,
      ),
      facts(
        fact('Échéance', p.installmentLabel),
        fact('Montant versé', strong(amount)),
        fact('Date de mise en paiement', formatDate(p.paidOn)),
        fact('Convention', p.conventionReference),
        ...dossierFacts(p),
        p.cumulative === undefined ? undefined : fact('Total versé à ce jour', formatEuros(p.cumulative.paidCents)),
        p.cumulative === undefined ? undefined : fact('Montant accordé', formatEuros(p.cumulative.grantedCents)),
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

/** Each kind of this file, declared once: who reads it, its parameters' schema, its template (index.ts lists them all). */
export const CONVENTION_TO_SIGN = {
  kind: 'convention-to-sign',
  audience: 'porteur',
  schema: conventionToSignSchema,
  render: conventionToSignEmail,
} as const;
export const AVENANT_ACCEPTED = {
  kind: 'avenant-accepted',
  audience: 'porteur',
  schema: avenantAcceptedSchema,
  render: avenantAcceptedEmail,
} as const;
export const AVENANT_REFUSED = {
  kind: 'avenant-refused',
  audience: 'porteur',
  schema: avenantRefusedSchema,
  render: avenantRefusedEmail,
} as const;
export const PAYMENT_MADE = { kind: 'payment-made', audience: 'porteur', schema: paymentMadeSchema, render: paymentMadeEmail } as const;

/**
 * The porteur's obligations after the convention, and their sanctions: the final bilan
 * (reminder, overdue, reimbursement demand), the annual documents (reminder, suspension and
 * resumption of the contributions) and the dossier's closing.
 */
import * as z from 'zod/mini';
import { ANNUAL_DOCUMENTS, CALL_NAME, CALL_QUOTES, CALL_SOURCE, annualDocumentSchema, type AnnualDocument } from './call-text.ts';
import { PORTEUR_CLOSING, PORTEUR_GREETING, dossierFacts } from './common.ts';
import { formatDate, formatDays, formatEuros } from './format.ts';
import {
  action,
  bullets,
  citation,
  fact,
  facts,
  heading,
  mailto,
  notice,
  paragraph,
  renderLayout,
  strong,
  table,
  t,
  words,
  type Block,
  type ListItem,
  type RenderedEmail,
} from './layout.ts';
import { centsSchema, dateSchema, daysSchema, mailboxSchema, parseParams, porteurDossierSchema, textSchema, urlSchema } from './schemas.ts';

const conventionDossierSchema = z.extend(porteurDossierSchema, { conventionReference: textSchema });

// --- bilan-reminder ------------------------------------------------------------------------

export const bilanReminderSchema = z.extend(porteurDossierSchema, {
  operationEnd: dateSchema,
  dueDate: dateSchema,
  /** Calendar days from the reminder's day to the due date (0: due today). */
  daysLeft: daysSchema(0),
  /** The indicators of the convention, when the dossier lists them. */
  indicators: z.optional(z.array(textSchema)),
  /** Where to file the bilan, when the platform has a page for it. */
  submissionUrl: z.optional(urlSchema),
});
export type BilanReminderParams = z.infer<typeof bilanReminderSchema>;

export function bilanReminderEmail(params: BilanReminderParams): RenderedEmail {
  const p = parseParams('bilan-reminder', bilanReminderSchema, params);
  const due = formatDate(p.dueDate);
  const when = p.daysLeft === 0 ? 'c’est-à-dire aujourd’hui' : `soit dans ${formatDays(p.daysLeft)}`;
  const blocks: Block[] = [
    paragraph(
      t`L’opération du dossier ${p.dossierReference}, portée par ${p.porteurName}, a pour date de fin le ${formatDate(p.operationEnd)}. Son bilan final d’exécution doit être déposé au plus tard le ${strong(due)}, ${when}.`,
    ),
    facts(
      ...dossierFacts(p),
      fact('Fin de l’opération', formatDate(p.operationEnd)),
      fact('Bilan à déposer au plus tard le', strong(due)),
      fact('Jours restants', String(p.daysLeft)),
    ),
    heading('Contenu attendu du bilan'),
    bullets([
      words(
        'un bilan qualitatif : le déroulement de l’opération et le parcours d’insertion des participants, dont la nature de leurs sorties ;',
      ),
      words(
        'un bilan quantitatif : les indicateurs mentionnés dans la fiche du dispositif et dans la convention, ainsi que ceux que vous avez proposés dans votre dossier de demande ;',
      ),
      words('les dépenses réalisées : toutes les dépenses déclarées doivent être acquittées au plus tard à la date du dépôt du bilan.'),
    ]),
  ];
  if (p.indicators !== undefined && p.indicators.length > 0) {
    blocks.push(heading('Indicateurs de la convention'), bullets(p.indicators));
  }
  if (p.submissionUrl !== undefined) blocks.push(action('Déposer le bilan', p.submissionUrl));
  blocks.push(
    notice(
      words(
        'À défaut de bilan final produit dans les délais impartis, le Département pourra demander le remboursement de la totalité des sommes versées.',
      ),
    ),
  );
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : bilan final à déposer au plus tard le ${due}`,
    greeting: PORTEUR_GREETING,
    blocks,
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- bilan-overdue -------------------------------------------------------------------------

export const bilanOverdueSchema = z.extend(porteurDossierSchema, {
  dueDate: dateSchema,
  daysOverdue: daysSchema(1),
  /** All sums paid so far for this dossier: what may be reclaimed. */
  amountPaidCents: centsSchema,
  submissionUrl: z.optional(urlSchema),
});
export type BilanOverdueParams = z.infer<typeof bilanOverdueSchema>;

export function bilanOverdueEmail(params: BilanOverdueParams): RenderedEmail {
  const p = parseParams('bilan-overdue', bilanOverdueSchema, params);
  const due = formatDate(p.dueDate);
  const paid = formatEuros(p.amountPaidCents);
  const blocks: Block[] = [
    paragraph(
      t`Le bilan final d’exécution du dossier ${p.dossierReference}, porté par ${p.porteurName}, devait être déposé au plus tard le ${strong(due)}. À ce jour, ${formatDays(p.daysOverdue)} après cette date, il n’a pas été reçu.`,
    ),
    facts(
      ...dossierFacts(p),
      fact('Bilan attendu au plus tard le', due),
      fact('Retard', formatDays(p.daysOverdue)),
      fact('Sommes versées à ce jour', strong(paid)),
    ),
    notice(
      t`Si le bilan final n’est pas produit dans les délais impartis, le Département pourra vous demander le remboursement de la totalité des sommes versées au titre de ce dossier, soit ${paid}.`,
    ),
    citation(CALL_QUOTES.reimbursement, CALL_SOURCE),
  ];
  if (p.submissionUrl !== undefined) blocks.push(action('Déposer le bilan', p.submissionUrl));
  blocks.push(
    paragraph(
      words('Déposez votre bilan sans attendre ou, si une difficulté vous en empêche, prenez contact avec le service dès aujourd’hui.'),
    ),
  );
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : bilan final non reçu, remboursement des sommes versées encouru`,
    greeting: PORTEUR_GREETING,
    blocks,
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- reimbursement-demand ------------------------------------------------------------------

export const reimbursementDemandSchema = z
  .extend(conventionDossierSchema, {
    /** The call's ground: the final bilan not produced in time, or supporting pieces found unfounded by a control. */
    ground: z._default(z.enum(['bilan-missing', 'control']), 'bilan-missing'),
    /** For a missing bilan: the day it was due. */
    bilanDueDate: z.optional(dateSchema),
    /** For a control: its day, its kind and its findings. */
    control: z.optional(z.object({ date: dateSchema, kind: z.enum(['sur-pieces', 'sur-place']), findings: textSchema })),
    /** The total paid for the dossier. */
    amountPaidCents: centsSchema,
    /** The sum reclaimed: all of it unless the service reclaims a part (after a control). */
    amountCents: z.optional(centsSchema),
    /** The date until which written observations are received, if the service grants one. */
    observationsBy: z.optional(dateSchema),
  })
  .check(
    z.refine((p) => (p.amountCents ?? p.amountPaidCents) > 0 && (p.amountCents ?? 0) <= p.amountPaidCents, {
      message: 'montant à rembourser entre 1 centime et le total versé',
    }),
    z.refine((p) => (p.ground === 'control' ? p.control !== undefined : p.bilanDueDate !== undefined), {
      message: 'le contrôle (motif contrôle) ou la date du bilan (motif bilan) est requis',
    }),
  );
export type ReimbursementDemandParams = z.input<typeof reimbursementDemandSchema>;

const CONTROL_KIND_LABELS = { 'sur-pieces': 'sur pièces', 'sur-place': 'sur place' } as const;

export function reimbursementDemandEmail(params: ReimbursementDemandParams): RenderedEmail {
  const p = parseParams('reimbursement-demand', reimbursementDemandSchema, params);
  const amount = formatEuros(p.amountCents ?? p.amountPaidCents);
  const whole = (p.amountCents ?? p.amountPaidCents) === p.amountPaidCents;
  const why: Block[] =
    p.control !== undefined
      ? [
          paragraph(
            t`Le contrôle ${CONTROL_KIND_LABELS[p.control.kind]} du ${formatDate(p.control.date)} portant sur le dossier ${p.dossierReference} (convention ${p.conventionReference}), porté par ${p.porteurName}, a établi que des pièces justificatives produites sont non fondées : ${p.control.findings}`,
          ),
        ]
      : [
          paragraph(
            t`Le bilan final d’exécution du dossier ${p.dossierReference} (convention ${p.conventionReference}), porté par ${p.porteurName}, devait être produit au plus tard le ${formatDate(p.bilanDueDate!)}. Il n’a pas été produit dans ce délai.`,
          ),
        ];
  const blocks: Block[] = [
    ...why,
    paragraph(words('Or, l’appel à projets prévoit que :')),
    citation(CALL_QUOTES.reimbursement, CALL_SOURCE),
    notice(
      whole
        ? t`En conséquence, le Département vous demande le remboursement de la totalité des sommes versées au titre de ce dossier, soit ${amount}.`
        : t`En conséquence, le Département vous demande le remboursement d’une partie des sommes versées au titre de ce dossier (${formatEuros(p.amountPaidCents)}), soit ${amount}.`,
    ),
    facts(
      fact('Convention', p.conventionReference),
      ...dossierFacts(p),
      ...(p.control !== undefined
        ? [fact('Contrôle', `${CONTROL_KIND_LABELS[p.control.kind]}, le ${formatDate(p.control.date)}`)]
        : [fact('Bilan attendu au plus tard le', formatDate(p.bilanDueDate!))]),
      ...(whole ? [] : [fact('Total versé', formatEuros(p.amountPaidCents))]),
      fact('Montant à rembourser', strong(amount)),
    ),
    paragraph(words('Un titre de recettes de ce montant vous sera adressé ; il précisera les modalités et le délai de paiement.')),
  ];
  if (p.observationsBy !== undefined) {
    blocks.push(paragraph(t`Vous pouvez adresser vos observations écrites au service au plus tard le ${formatDate(p.observationsBy)}.`));
  }
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : demande de remboursement de ${amount}`,
    greeting: PORTEUR_GREETING,
    blocks,
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- deadline-extended ---------------------------------------------------------------------

/** What a deadline the service may extend is about, as the porteur reads it. */
export const EXTENDED_OBLIGATION_LABELS = {
  bilan: 'le dépôt du bilan final d’exécution',
  'annual-documents': 'la transmission des documents annuels',
  'participant-list': 'la communication des entrées et sorties de participants à la MDS',
  complements: 'la transmission des compléments demandés',
} as const;

export const deadlineExtendedSchema = z.extend(porteurDossierSchema, {
  obligation: z.enum(Object.keys(EXTENDED_OBLIGATION_LABELS) as [keyof typeof EXTENDED_OBLIGATION_LABELS]),
  /** What the obligation is about beyond its kind (« exercice 2026 », « comité du 15 juin 2026 »). */
  about: z.optional(textSchema),
  previousDueDate: dateSchema,
  newDueDate: dateSchema,
  reason: textSchema,
});
export type DeadlineExtendedParams = z.infer<typeof deadlineExtendedSchema>;

export function deadlineExtendedEmail(params: DeadlineExtendedParams): RenderedEmail {
  const p = parseParams('deadline-extended', deadlineExtendedSchema, params);
  const what = EXTENDED_OBLIGATION_LABELS[p.obligation];
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : délai accordé jusqu’au ${formatDate(p.newDueDate)}`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Le service instructeur vous accorde un délai pour ${what}${p.about ? ` (${p.about})` : ''} : la date limite, fixée au ${formatDate(p.previousDueDate)}, est reportée au ${strong(formatDate(p.newDueDate))}.`,
      ),
      facts(
        ...dossierFacts(p),
        fact('Date limite initiale', formatDate(p.previousDueDate)),
        fact('Nouvelle date limite', strong(formatDate(p.newDueDate))),
        fact('Motif', p.reason),
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- annual documents ----------------------------------------------------------------------

function annualDocumentItems(keys: readonly AnnualDocument[]): ListItem[] {
  return keys.map((key) => {
    const doc: { label: string; parts?: readonly string[] } = ANNUAL_DOCUMENTS[key];
    return { content: words(doc.label), children: (doc.parts ?? []).map((part) => words(part)) };
  });
}

const ALL_ANNUAL_DOCUMENTS = Object.keys(ANNUAL_DOCUMENTS) as AnnualDocument[];

const annualDocumentsBaseSchema = z.extend(porteurDossierSchema, {
  /** The last day of the porteur's fiscal year. */
  fiscalYearEnd: dateSchema,
  /** Within 6 months after the fiscal year end (see domain/deadlines). */
  dueDate: dateSchema,
  /** The service gestionnaire's mailbox the documents are sent to. */
  serviceGestionnaire: mailboxSchema,
});

export const annualDocumentsReminderSchema = annualDocumentsBaseSchema;
export type AnnualDocumentsReminderParams = z.infer<typeof annualDocumentsReminderSchema>;

export function annualDocumentsReminderEmail(params: AnnualDocumentsReminderParams): RenderedEmail {
  const p = parseParams('annual-documents-reminder', annualDocumentsReminderSchema, params);
  const fiscalYear = formatDate(p.fiscalYearEnd);
  const due = formatDate(p.dueDate);
  return renderLayout({
    subject: t`Documents annuels de l’exercice clos le ${fiscalYear} : à transmettre au plus tard le ${due}`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Pour rappel, selon l’${CALL_NAME}, ${p.porteurName} doit transmettre chaque année, dans les 6 mois suivant la fin de son exercice, les documents suivants :`,
      ),
      bullets(annualDocumentItems(ALL_ANNUAL_DOCUMENTS)),
      facts(
        ...dossierFacts(p),
        fact('Exercice', `clos le ${fiscalYear}`),
        fact('À transmettre au plus tard le', strong(due)),
        fact('Par courriel à', t`${p.serviceGestionnaire.name}, ${mailto(p.serviceGestionnaire.email)}`),
      ),
      paragraph(
        t`Ces documents sont à adresser par courriel au service gestionnaire (${p.serviceGestionnaire.name}, ${mailto(p.serviceGestionnaire.email)}), en rappelant la référence du dossier ${p.dossierReference}.`,
      ),
      notice(words('À défaut, le Département pourra suspendre les contributions financières.')),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

export const paymentsSuspendedSchema = z.extend(annualDocumentsBaseSchema, {
  suspendedOn: dateSchema,
  /** The documents still missing; all of them when not given. */
  missingDocuments: z.optional(z.array(annualDocumentSchema).check(z.minLength(1))),
});
export type PaymentsSuspendedParams = z.infer<typeof paymentsSuspendedSchema>;

export function paymentsSuspendedEmail(params: PaymentsSuspendedParams): RenderedEmail {
  const p = parseParams('payments-suspended', paymentsSuspendedSchema, params);
  const fiscalYear = formatDate(p.fiscalYearEnd);
  const missing = ALL_ANNUAL_DOCUMENTS.filter((key) => (p.missingDocuments ?? ALL_ANNUAL_DOCUMENTS).includes(key));
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : contributions financières suspendues (documents annuels non reçus)`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Les documents annuels de l’exercice clos le ${fiscalYear} devaient être transmis au plus tard le ${formatDate(p.dueDate)}. Les documents suivants n’ont pas été reçus :`,
      ),
      bullets(annualDocumentItems(missing)),
      notice(
        t`En conséquence, le Département suspend les contributions financières au titre du dossier ${p.dossierReference} à compter du ${formatDate(p.suspendedOn)}, jusqu’à réception de ces documents.`,
      ),
      facts(
        ...dossierFacts(p),
        fact('Exercice', `clos le ${fiscalYear}`),
        fact('Date limite de transmission', formatDate(p.dueDate)),
        fact('Suspension à compter du', strong(formatDate(p.suspendedOn))),
      ),
      paragraph(
        t`Adressez-les par courriel au service gestionnaire (${p.serviceGestionnaire.name}, ${mailto(p.serviceGestionnaire.email)}) : les versements reprendront dès leur réception.`,
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

export const paymentsResumedSchema = z.extend(porteurDossierSchema, {
  fiscalYearEnd: dateSchema,
  documentsReceivedOn: z.optional(dateSchema),
  resumedOn: dateSchema,
  /** The service lifted the suspension itself (documents received by mail, exceptional circumstance): its reason. */
  reason: z.optional(textSchema),
});
export type PaymentsResumedParams = z.infer<typeof paymentsResumedSchema>;

export function paymentsResumedEmail(params: PaymentsResumedParams): RenderedEmail {
  const p = parseParams('payments-resumed', paymentsResumedSchema, params);
  const why =
    p.documentsReceivedOn !== undefined
      ? t`Les documents annuels de l’exercice clos le ${formatDate(p.fiscalYearEnd)} ont été reçus le ${formatDate(p.documentsReceivedOn)}.`
      : t`Le service instructeur lève la suspension prononcée faute des documents annuels de l’exercice clos le ${formatDate(p.fiscalYearEnd)}.`;
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : reprise des contributions financières`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`${why} La suspension des contributions financières au titre du dossier ${p.dossierReference} est levée à compter du ${strong(formatDate(p.resumedOn))} : les versements reprennent selon les modalités de la convention.`,
      ),
      facts(
        ...dossierFacts(p),
        fact('Exercice', `clos le ${formatDate(p.fiscalYearEnd)}`),
        ...(p.documentsReceivedOn !== undefined ? [fact('Documents reçus le', formatDate(p.documentsReceivedOn))] : []),
        ...(p.reason !== undefined ? [fact('Motif', p.reason)] : []),
        fact('Reprise des versements', formatDate(p.resumedOn)),
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- suspension-waived ---------------------------------------------------------------------

export const suspensionWaivedSchema = z.extend(annualDocumentsBaseSchema, {
  waivedOn: dateSchema,
  reason: textSchema,
});
export type SuspensionWaivedParams = z.infer<typeof suspensionWaivedSchema>;

export function suspensionWaivedEmail(params: SuspensionWaivedParams): RenderedEmail {
  const p = parseParams('suspension-waived', suspensionWaivedSchema, params);
  const fiscalYear = formatDate(p.fiscalYearEnd);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : pas de suspension des contributions pour l’exercice clos le ${fiscalYear}`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Les documents annuels de l’exercice clos le ${fiscalYear} sont attendus au plus tard le ${formatDate(p.dueDate)}. Le service instructeur renonce, pour cet exercice, à suspendre les contributions financières au titre du dossier ${p.dossierReference}.`,
      ),
      facts(
        ...dossierFacts(p),
        fact('Exercice', `clos le ${fiscalYear}`),
        fact('Décision du', formatDate(p.waivedOn)),
        fact('Motif', p.reason),
      ),
      paragraph(
        t`Les documents restent à adresser par courriel au service gestionnaire (${p.serviceGestionnaire.name}, ${mailto(p.serviceGestionnaire.email)}).`,
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- dossier-closed ------------------------------------------------------------------------

export const dossierClosedSchema = z
  .extend(conventionDossierSchema, {
    bilanAcceptedOn: dateSchema,
    /** The balance paid at closing (may be zero). */
    balanceCents: centsSchema,
    balancePaidOn: dateSchema,
    /** Everything paid for the dossier, balance included. */
    totalPaidCents: centsSchema,
    closedOn: dateSchema,
    /** The service's evaluation: each indicator of the convention, its target and what was achieved. */
    evaluation: z.optional(
      z.array(
        z.object({
          label: textSchema,
          target: z.number().check(z.int(), z.nonnegative()),
          achieved: z.number().check(z.int(), z.nonnegative()),
        }),
      ),
    ),
  })
  .check(z.refine((p) => p.balanceCents <= p.totalPaidCents, { message: 'le solde dépasse le total versé' }));
export type DossierClosedParams = z.infer<typeof dossierClosedSchema>;

export function dossierClosedEmail(params: DossierClosedParams): RenderedEmail {
  const p = parseParams('dossier-closed', dossierClosedSchema, params);
  const balance = formatEuros(p.balanceCents);
  return renderLayout({
    subject: t`Dossier ${p.dossierReference} : bilan accepté, dossier soldé`,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(
        t`Le bilan final de l’opération du dossier ${p.dossierReference} (convention ${p.conventionReference}), porté par ${p.porteurName}, a été accepté le ${formatDate(p.bilanAcceptedOn)}. Le solde de ${strong(balance)} a été mis en paiement le ${formatDate(p.balancePaidOn)}.`,
      ),
      facts(
        fact('Convention', p.conventionReference),
        ...dossierFacts(p),
        fact('Bilan accepté le', formatDate(p.bilanAcceptedOn)),
        fact('Solde versé', strong(balance)),
        fact('Date de mise en paiement du solde', formatDate(p.balancePaidOn)),
        fact('Total versé', formatEuros(p.totalPaidCents)),
        fact('Dossier clôturé le', formatDate(p.closedOn)),
      ),
      ...(p.evaluation?.length
        ? [
            heading('Évaluation de l’opération'),
            table(
              ['Indicateur', 'Objectif', 'Réalisé'],
              p.evaluation.map((row) => [row.label, String(row.target), String(row.achieved)]),
            ),
          ]
        : []),
      paragraph(
        words(
          'Le dossier est désormais clôturé. Les pièces justificatives et probantes doivent rester à la disposition du Département en cas de contrôle. Nous vous remercions pour la mise en œuvre de cette opération.',
        ),
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

/** Each kind of this file, declared once: who reads it, its parameters' schema, its template (index.ts lists them all). */
export const BILAN_REMINDER = {
  kind: 'bilan-reminder',
  audience: 'porteur',
  schema: bilanReminderSchema,
  render: bilanReminderEmail,
} as const;
export const BILAN_OVERDUE = { kind: 'bilan-overdue', audience: 'porteur', schema: bilanOverdueSchema, render: bilanOverdueEmail } as const;
export const ANNUAL_DOCUMENTS_REMINDER = {
  kind: 'annual-documents-reminder',
  audience: 'porteur',
  schema: annualDocumentsReminderSchema,
  render: annualDocumentsReminderEmail,
} as const;
export const PAYMENTS_SUSPENDED = {
  kind: 'payments-suspended',
  audience: 'porteur',
  schema: paymentsSuspendedSchema,
  render: paymentsSuspendedEmail,
} as const;
export const PAYMENTS_RESUMED = {
  kind: 'payments-resumed',
  audience: 'porteur',
  schema: paymentsResumedSchema,
  render: paymentsResumedEmail,
} as const;
export const SUSPENSION_WAIVED = {
  kind: 'suspension-waived',
  audience: 'porteur',
  schema: suspensionWaivedSchema,
  render: suspensionWaivedEmail,
} as const;
export const REIMBURSEMENT_DEMAND = {
  kind: 'reimbursement-demand',
  audience: 'porteur',
  schema: reimbursementDemandSchema,
  render: reimbursementDemandEmail,
} as const;
export const DEADLINE_EXTENDED = {
  kind: 'deadline-extended',
  audience: 'porteur',
  schema: deadlineExtendedSchema,
  render: deadlineExtendedEmail,
} as const;
export const DOSSIER_CLOSED = {
  kind: 'dossier-closed',
  audience: 'porteur',
  schema: dossierClosedSchema,
  render: dossierClosedEmail,
} as const;

/**
 * One realistic set of parameters per email kind, with the subject it must produce and the key
 * facts (French dates, French amounts, references) its text and HTML must both carry.
 * Free-text values here carry no punctuation of their own, so the typography checks see only
 * the templates' words.
 */
import type { EmailKind, EmailParamsByKind } from '#domain/notifications/index.ts';

export const NBSP = '\u00A0';
export const NNBSP = '\u202F';

export const contact = {
  name: 'Service insertion — territoire de l’Arrageois',
  email: 'insertion.arrageois@pasdecalais.example',
  phone: '03 21 00 00 00',
};
export const dispositif = { code: '2.7', title: 'Accompagnement socioprofessionnel des allocataires du RSA' };
const porteur = {
  contact,
  porteurName: 'Association L’Escale',
  dossierReference: 'AAP26-0042',
  dispositif,
};
const mds = { name: 'Maison du Département Solidarité de l’Arrageois', email: 'mds.arrageois@pasdecalais.example' };
const gestionnaire = { name: 'Service gestionnaire inclusion', email: 'gestion.inclusion@pasdecalais.example' };

/** The facts every porteur email about a dossier shows. */
const DOSSIER = ['AAP26-0042', 'Association L’Escale', '2.7 — Accompagnement socioprofessionnel des allocataires du RSA'];
const FOOTER = ['Service insertion — territoire de l’Arrageois', 'insertion.arrageois@pasdecalais.example', '03 21 00 00 00'];

export interface Sample<K extends EmailKind> {
  readonly params: EmailParamsByKind[K];
  readonly subject: string;
  /** Must appear, verbatim, in both the text and the HTML. */
  readonly facts: readonly string[];
}

export const SAMPLES: { readonly [K in EmailKind]: Sample<K> } = {
  'filing-invitation': {
    params: {
      contact,
      porteurName: 'Association L’Escale',
      siret: '73282932000074',
      dispositif: { code: '2.11', title: 'FSL Action de sensibilisation à la lutte contre la précarité énergétique' },
      openedOn: '2026-03-02',
      expiresOn: '2026-04-01',
      filingUrl: 'https://aap-inclusion.pasdecalais.fr/depot/abc',
    },
    subject: `Votre espace de dépôt pour le dispositif 2.11, ouvert jusqu’au 1er avril 2026`,
    facts: ['Association L’Escale', '73282932000074', '2 mars 2026', '1er avril 2026', 'https://aap-inclusion.pasdecalais.fr/depot/abc'],
  },
  acknowledgement: {
    params: { ...porteur, operationTitle: 'Remobilisation vers l’emploi', receivedOn: '2026-03-02' },
    subject: `Dossier AAP26-0042${NBSP}: accusé de réception`,
    facts: [
      ...DOSSIER,
      'Remobilisation vers l’emploi',
      '2 mars 2026',
      'service instructeur',
      'chef de SLAI/SLISL',
      'Commission Permanente',
    ],
  },
  'complements-request': {
    params: {
      ...porteur,
      complements: ['Budget prévisionnel signé', 'Attestation URSSAF de moins de 6 mois'],
      comment: 'Le budget doit être en équilibre\net signé par le président',
      dueDate: '2026-04-01',
    },
    subject: `Dossier AAP26-0042${NBSP}: compléments à transmettre au plus tard le 1er avril 2026`,
    facts: [...DOSSIER, 'Budget prévisionnel signé', 'Attestation URSSAF de moins de 6 mois', '1er avril 2026', 'clôturé comme incomplet'],
  },
  'dossier-incomplete': {
    params: { ...porteur, complementsDueDate: '2026-04-01', closedOn: '2026-04-02' },
    subject: `Dossier AAP26-0042${NBSP}: clôturé comme incomplet`,
    facts: [...DOSSIER, '1er avril 2026', '2 avril 2026', 'clôturé comme incomplet'],
  },
  'decision-rejected': {
    params: { ...porteur, reason: 'Le projet ne répond pas aux besoins du territoire', decidedOn: '2026-05-12' },
    subject: `Dossier AAP26-0042${NBSP}: dossier non validé`,
    facts: [
      ...DOSSIER,
      'Le projet ne répond pas aux besoins du territoire',
      '12 mai 2026',
      'chef de SLAI/SLISL',
      'tribunal administratif de Lille',
    ],
  },
  'decision-unfavourable': {
    params: {
      ...porteur,
      cpDate: '2026-06-08',
      deliberationNumber: '2026-217',
      reason: 'Enveloppe du dispositif épuisée',
    },
    subject: `Dossier AAP26-0042${NBSP}: avis défavorable de la Commission Permanente`,
    facts: [...DOSSIER, '8 juin 2026', `n°${NBSP}2026-217`, 'Enveloppe du dispositif épuisée', 'tribunal administratif de Lille'],
  },
  'decision-adjourned': {
    params: { ...porteur, cpDate: '2026-06-08', nextSessionDate: '2026-07-06', reason: 'Pièces budgétaires à préciser' },
    subject: `Dossier AAP26-0042${NBSP}: examen ajourné par la Commission Permanente`,
    facts: [...DOSSIER, '8 juin 2026', '6 juillet 2026', 'Pièces budgétaires à préciser', 'séance ultérieure'],
  },
  'decision-favourable': {
    params: { ...porteur, cpDate: '2026-06-08', deliberationNumber: '2026-218', amountCents: 4_500_000 },
    subject: `Dossier AAP26-0042${NBSP}: avis favorable, participation de 45${NNBSP}000,00${NBSP}€`,
    facts: [...DOSSIER, `45${NNBSP}000,00${NBSP}€`, '8 juin 2026', `n°${NBSP}2026-218`, 'convention'],
  },
  'convention-to-sign': {
    params: {
      ...porteur,
      conventionReference: 'CONV-2026-0042',
      amountCents: 4_500_050,
      operationPeriod: { start: '2026-07-01', end: '2027-06-30' },
      conventionPeriod: { start: '2026-07-01', end: '2027-12-31' },
      documentUrl: 'https://e-partenaire.pasdecalais.example/conventions/CONV-2026-0042',
      returnBy: '2026-07-15',
      charterTitle: 'obligations et contreparties en matière de communication',
      charterUrl: 'https://www.pasdecalais.fr/Partenaires/Contreparties-communication',
    },
    subject: `Dossier AAP26-0042${NBSP}: convention CONV-2026-0042 à signer`,
    facts: [
      ...DOSSIER,
      'https://www.pasdecalais.fr/Partenaires/Contreparties-communication',
      'CONV-2026-0042',
      `45${NNBSP}000,50${NBSP}€`,
      'du 1er juillet 2026 au 30 juin 2027',
      'du 1er juillet 2026 au 31 décembre 2027',
      'acquittées au plus tard à la date du dépôt du bilan',
      '15 juillet 2026',
      'https://e-partenaire.pasdecalais.example/conventions/CONV-2026-0042',
    ],
  },
  'participant-list-notice': {
    params: { ...porteur, comiteDate: '2026-10-13', dueDate: '2026-10-05', occasion: 'comite-scheduled', daysLeft: 20, mds: [mds] },
    subject: `Dossier AAP26-0042${NBSP}: entrées et sorties de participants à transmettre au plus tard le 5 octobre 2026 (comité du 13 octobre 2026)`,
    facts: [...DOSSIER, '13 octobre 2026', '5 octobre 2026', 'soit dans 20 jours', mds.name, mds.email, '8 jours avant la tenue du comité'],
  },
  'bilan-reminder': {
    params: {
      ...porteur,
      operationEnd: '2027-06-30',
      dueDate: '2027-09-30',
      daysLeft: 30,
      indicators: ['Nombre de participants accompagnés', 'Taux de sorties positives'],
    },
    subject: `Dossier AAP26-0042${NBSP}: bilan final à déposer au plus tard le 30 septembre 2027`,
    facts: [
      ...DOSSIER,
      '30 juin 2027',
      '30 septembre 2027',
      'dans 30 jours',
      'qualitatif',
      'quantitatif',
      'indicateurs',
      'Nombre de participants accompagnés',
      'Taux de sorties positives',
      'remboursement de la totalité des sommes versées',
    ],
  },
  'bilan-overdue': {
    params: { ...porteur, dueDate: '2027-09-30', daysOverdue: 1, amountPaidCents: 3_150_000 },
    subject: `Dossier AAP26-0042${NBSP}: bilan final non reçu, remboursement des sommes versées encouru`,
    facts: [...DOSSIER, '30 septembre 2027', '1 jour', `31${NNBSP}500,00${NBSP}€`, 'totalité des sommes versées'],
  },
  'annual-documents-reminder': {
    params: { ...porteur, fiscalYearEnd: '2026-12-31', dueDate: '2027-06-30', serviceGestionnaire: gestionnaire },
    subject: `Documents annuels de l’exercice clos le 31 décembre 2026${NBSP}: à transmettre au plus tard le 30 juin 2027`,
    facts: [
      'AAP26-0042',
      '31 décembre 2026',
      '30 juin 2027',
      'dans les 6 mois suivant la fin de son exercice',
      'le rapport d’activité complet',
      'le bilan détaillé',
      'le compte de résultat détaillé',
      'l’annexe des comptes',
      'les soldes intermédiaires de gestion détaillés',
      'le rapport général',
      'le rapport spécial',
      'le tableau relatif aux missions exercées par les salariés',
      'la balance générale au format Excel',
      gestionnaire.name,
      gestionnaire.email,
      'suspendre les contributions financières',
    ],
  },
  'payments-suspended': {
    params: {
      ...porteur,
      fiscalYearEnd: '2026-12-31',
      dueDate: '2027-06-30',
      suspendedOn: '2027-07-01',
      serviceGestionnaire: gestionnaire,
      missingDocuments: ['balance-generale', 'rapport-commissaire-aux-comptes'],
    },
    subject: `Dossier AAP26-0042${NBSP}: contributions financières suspendues (documents annuels non reçus)`,
    facts: [
      ...DOSSIER,
      '31 décembre 2026',
      '30 juin 2027',
      '1er juillet 2027',
      'la balance générale au format Excel',
      'le rapport complet du commissaire aux comptes',
      'jusqu’à réception de ces documents',
      gestionnaire.email,
    ],
  },
  'payments-resumed': {
    params: { ...porteur, fiscalYearEnd: '2026-12-31', documentsReceivedOn: '2027-07-20', resumedOn: '2027-07-21' },
    subject: `Dossier AAP26-0042${NBSP}: reprise des contributions financières`,
    facts: [...DOSSIER, '31 décembre 2026', '20 juillet 2027', '21 juillet 2027', 'levée'],
  },
  'reimbursement-demand': {
    params: {
      ...porteur,
      conventionReference: 'CONV-2026-0042',
      bilanDueDate: '2027-09-30',
      amountPaidCents: 3_150_000,
      observationsBy: '2027-11-02',
    },
    subject: `Dossier AAP26-0042${NBSP}: demande de remboursement de 31${NNBSP}500,00${NBSP}€`,
    facts: [
      ...DOSSIER,
      'CONV-2026-0042',
      '30 septembre 2027',
      `31${NNBSP}500,00${NBSP}€`,
      '2 novembre 2027',
      'L’organisme pourra être amené à rembourser la totalité des sommes versées si le bilan final d’exécution n’est pas produit dans les délais impartis, ou s’il s’avère après contrôle que les pièces justificatives produites sont non fondées.',
    ],
  },
  'avenant-accepted': {
    params: {
      ...porteur,
      conventionReference: 'CONV-2026-0042',
      avenantSubject: 'Report de la date de fin suite à la fermeture du site après inondation',
      decidedOn: '2027-03-15',
      newOperationEnd: '2027-09-30',
    },
    subject: `Dossier AAP26-0042${NBSP}: avenant à la convention CONV-2026-0042 accepté`,
    facts: [
      ...DOSSIER,
      'CONV-2026-0042',
      'Report de la date de fin suite à la fermeture du site après inondation',
      '15 mars 2027',
      '30 septembre 2027',
    ],
  },
  'avenant-refused': {
    params: {
      ...porteur,
      conventionReference: 'CONV-2026-0042',
      avenantSubject: 'Prolongation de six mois',
      decidedOn: '2027-03-15',
      reason: 'Aucun aléa majeur et exceptionnel n’est justifié',
      changesExecutionPeriod: true,
    },
    subject: `Dossier AAP26-0042${NBSP}: avenant à la convention CONV-2026-0042 refusé`,
    facts: [
      ...DOSSIER,
      'CONV-2026-0042',
      'Prolongation de six mois',
      'Aucun aléa majeur et exceptionnel n’est justifié',
      '15 mars 2027',
      'Les avenants visant à modifier la période d’exécution des opérations ne seront pas acceptés, sauf en cas d’aléas majeur et exceptionnel.',
    ],
  },
  'payment-made': {
    params: {
      ...porteur,
      conventionReference: 'CONV-2026-0042',
      installmentLabel: 'Première avance',
      amountCents: 3_150_000,
      paidOn: '2026-08-03',
      cumulative: { paidCents: 3_150_000, grantedCents: 4_500_000 },
    },
    subject: `Dossier AAP26-0042${NBSP}: versement de 31${NNBSP}500,00${NBSP}€ (Première avance)`,
    facts: [...DOSSIER, 'CONV-2026-0042', 'Première avance', `31${NNBSP}500,00${NBSP}€`, '3 août 2026', `45${NNBSP}000,00${NBSP}€`],
  },
  'dossier-closed': {
    params: {
      ...porteur,
      conventionReference: 'CONV-2026-0042',
      bilanAcceptedOn: '2027-10-20',
      balanceCents: 1_234_567,
      balancePaidOn: '2027-11-02',
      totalPaidCents: 4_384_567,
      closedOn: '2027-11-02',
    },
    subject: `Dossier AAP26-0042${NBSP}: bilan accepté, dossier soldé`,
    facts: [...DOSSIER, 'CONV-2026-0042', '20 octobre 2027', `12${NNBSP}345,67${NBSP}€`, '2 novembre 2027', `43${NNBSP}845,67${NBSP}€`],
  },
  'participant-list': {
    params: {
      contact,
      mdsName: mds.name,
      porteurName: 'Association L’Escale',
      dossierReference: 'AAP26-0042',
      dispositif,
      comiteDate: '2026-10-13',
      entries: [
        { firstName: 'Léa', lastName: 'Martin', enteredOn: '2026-09-14' },
        { firstName: 'Karim', lastName: 'Benali', enteredOn: '2026-09-01' },
      ],
      exits: [{ firstName: 'Sophie', lastName: 'Lefebvre', exitedOn: '2026-09-30', outcome: 'emploi-durable' }],
    },
    subject: `Comité du 13 octobre 2026${NBSP}: entrées et sorties de participants — Association L’Escale (dossier AAP26-0042)`,
    facts: [
      ...DOSSIER,
      mds.name,
      '13 octobre 2026',
      'Léa',
      'M.',
      '14 septembre 2026',
      'Karim',
      'B.',
      '1er septembre 2026',
      'Sophie',
      'L.',
      '30 septembre 2026',
      'Emploi durable',
    ],
  },
  'task-assigned': {
    params: {
      contact,
      recipientName: 'Claire Dubois',
      taskTitle: 'Vérifier la complétude du dossier',
      dossierReference: 'AAP26-0042',
      dispositif,
      porteurName: 'Association L’Escale',
      decisions: ['complete', 'ask-complements'],
      dueDate: '2026-03-17',
      taskUrl: 'https://instruction.pasdecalais.example/taches/7f3a?dossier=AAP26-0042&etape=completude',
    },
    subject: `Nouvelle tâche${NBSP}: Vérifier la complétude du dossier — dossier AAP26-0042`,
    facts: [
      ...DOSSIER,
      'Claire Dubois',
      'Vérifier la complétude du dossier',
      '17 mars 2026',
      'Déclarer le dossier complet',
      'Demander des compléments au porteur',
    ],
  },
  'task-overdue': {
    params: {
      contact,
      recipientName: 'Paul Lemaire',
      taskTitle: 'Valider le dossier (chef de SLAI/SLISL)',
      dossierReference: 'AAP26-0042',
      dispositif,
      porteurName: 'Association L’Escale',
      dueDate: '2026-04-01',
      daysOverdue: 3,
      assigneeName: 'Claire Dubois',
      escalatedTo: 'Paul Lemaire, responsable du SLAI de l’Arrageois',
      taskUrl: 'https://instruction.pasdecalais.example/taches/8b21',
    },
    subject: `Escalade${NBSP}: tâche en retard de 3 jours, signalée à Paul Lemaire, responsable du SLAI de l’Arrageois — Valider le dossier (chef de SLAI/SLISL) — dossier AAP26-0042`,
    facts: [
      ...DOSSIER,
      '1er avril 2026',
      '3 jours',
      'Claire Dubois',
      'Paul Lemaire, responsable du SLAI de l’Arrageois',
      'https://instruction.pasdecalais.example/taches/8b21',
    ],
  },
};

export { FOOTER };

/**
 * French names of the states of workflows/*.asl.json as an instructor reads them on a dossier's
 * graph. A human step is named by its title (GET /referentiel, data/workflow-steps.json); every
 * other state is named here (test/unit/console/machine-graph.test.ts fails on a state without a
 * name), and so is each condition a Choice routes on.
 */
export const MACHINE_TITLES = {
  instruction: 'Instruction du dossier',
  execution: 'Exécution de l’opération',
  bilan: 'Bilan final et solde',
};

export const STATE_LABELS = {
  Route: 'Début (ou reprise à une étape)',
  AcknowledgeSubmission: 'Accusé de réception au porteur',
  MarkComplete: 'Dossier déclaré complet',
  RequestComplements: 'Compléments demandés au porteur',
  ComplementsReceived: 'Compléments reçus',
  CloseIncomplete: 'Clôture pour incomplétude',
  Incomplete: 'Fin : dossier incomplet',
  RejectDossier: 'Refus notifié au porteur',
  Rejected: 'Fin : dossier non validé',
  MarkReadyForCp: 'Prêt pour la Commission Permanente',
  RecordAdjourned: 'Ajournement enregistré',
  RecordUnfavourable: 'Avis défavorable enregistré',
  Unfavourable: 'Fin : avis défavorable',
  CommitEnvelope: 'Montant engagé sur l’enveloppe, avis favorable enregistré, convention préparée',
  RecordEnvelopeExceeded: 'Enveloppe dépassée : décision à reprendre',
  RecordConventionSigned: 'Convention signée enregistrée',
  StartExecutionPhase: 'Passage à l’exécution',
  StartOperation: 'Début de l’opération, versement de l’avance',
  NextExecutionEvent: 'Événement suivant de l’opération',
  DispatchExecutionEvent: 'Quel événement ?',
  ScheduleComite: 'Comité de suivi programmé',
  RecordComiteMinutes: 'Compte rendu du comité enregistré',
  ApplyAvenant: 'Avenant appliqué',
  RefuseAvenant: 'Avenant refusé',
  EndOperation: 'Fin de l’opération',
  StartBilanPhase: 'Passage au bilan',
  OpenBilan: 'Bilan final attendu',
  BilanReceived: 'Bilan reçu',
  RequestBilanComplements: 'Compléments au bilan demandés',
  AcceptBilan: 'Bilan accepté, versement du solde',
  PayBalance: 'Versement du solde',
  BalancePaid: 'Solde versé ?',
  CloseDossier: 'Dossier soldé',
  Closed: 'Fin : dossier soldé',
  DemandReimbursement: 'Remboursement des sommes versées demandé',
  ReimbursementDemanded: 'Fin : remboursement demandé',
  StepTimedOut: 'Délai de l’étape dépassé',
  EscalateOverdueTask: 'Tâche en retard signalée',
  ResumeStep: 'Retour à l’étape',
  PrepareHandOver: 'Relais préparé (une exécution dure un an au plus)',
  HandOver: 'Relais à une nouvelle exécution',
  UnknownResumePoint: 'Échec : point de reprise inconnu',
  UnknownDecision: 'Échec : décision inconnue',
};

/** What a Choice tests, by the value it compares (or the error a Catch takes). */
export const CONDITION_LABELS = {
  'comite-scheduled': 'comité programmé',
  'comite-held': 'compte rendu de comité',
  'avenant-requested': 'demande d’avenant',
  suspended: 'versements suspendus',
  'operation-ended': 'fin de l’opération',
  'close-incomplete': 'compléments non reçus à temps',
  'demand-reimbursement': 'bilan non déposé à temps',
  handOver: 'fin de vie de l’exécution',
  start: 'départ',
  default: 'sinon',
  'States.Timeout': 'délai dépassé',
  EnvelopeExceededError: 'enveloppe dépassée',
};

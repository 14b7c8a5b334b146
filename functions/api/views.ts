/** What the API shows of a dossier and a task (never a task token). */
import type { Catalog } from '#domain/catalog/index.ts';
import type { DossierSummary, Task, TaskDossier } from '#domain/ports/records.ts';
import { publicsBeyondDispositif } from '#domain/rules/index.ts';
import { DEFAULT_CHANNEL } from '#domain/rules/submission-channel.ts';
import { verifyChain } from '#domain/timeline/hash-chain.ts';
import type { Uses } from '#domain/workflow/deps.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { stepDefinition } from '#domain/workflow/steps.ts';

export function dossierSummary(dossier: DossierSummary, catalog: Catalog) {
  const entry = dossier.profile.entry;
  return {
    id: dossier.id,
    reference: dossier.reference,
    statut: dossier.status,
    dispositif: dossier.dispositifCode,
    territoire: dossier.territory,
    /** Every territory of the operation: the first instructs it, each sees it. */
    territoires: dossier.profile.territories,
    /** How it entered: E-partenaire, the Word dossier through its filing space, or Démarches simplifiées (with its number). */
    canal: entry?.channel ?? DEFAULT_CHANNEL,
    ...(entry?.channel === 'demarches-simplifiees' ? { numeroDemarchesSimplifiees: entry.demarchesSimplifieesNumber } : {}),
    porteur: dossier.profile.porteurName,
    projet: dossier.profile.projectTitle,
    /** Publics the dossier serves beyond its dispositif's own: accepted (« prioritairement »), for the instructor to weigh. */
    publicsHorsDispositif: publicsBeyondDispositif(catalog, dossier.dispositifCode, dossier.profile.publics),
    montants: dossier.amounts,
    deposeLe: dossier.createdAt,
  };
}

/** What an inbox row shows of a task's dossier (written with the task: see TaskDossier). */
export function inboxSummary(dossier: TaskDossier) {
  return {
    reference: dossier.reference,
    dispositif: dossier.dispositifCode,
    territoire: dossier.territory,
    porteur: dossier.porteurName,
    projet: dossier.projectTitle,
  };
}

export function taskView(task: Task) {
  const definition = stepDefinition(task.kind);
  return {
    id: task.id,
    dossierId: task.dossierId,
    etape: task.kind,
    titre: definition.title,
    role: task.role,
    territoire: task.territory,
    statut: task.status,
    decisionsPossibles: task.allowedDecisions,
    echeance: task.dueAt,
    ouverteLe: task.createdAt,
    ...(task.decision === undefined ? {} : { decision: task.decision, decidePar: task.decidedBy, decideLe: task.decidedAt }),
    ...(task.comment === undefined ? {} : { commentaire: task.comment }),
    ...(task.details === undefined ? {} : { details: task.details }),
  };
}

/**
 * The dossier with everything that happened to it: its submission, timeline (its chain checked),
 * tasks, deadlines, emails — a handful of reads whatever the dossier's age.
 */
export async function dossierDetail(deps: Uses<'dossiers' | 'timeline' | 'deadlines' | 'tasks' | 'outbox'>, dossier: DossierRecord) {
  const [submission, timeline, deadlines, tasks] = await Promise.all([
    deps.dossiers.getSubmission(dossier.id),
    deps.timeline.list(dossier.id),
    deps.deadlines.listOfDossier(dossier.id),
    deps.tasks.listOfDossier(dossier.id),
  ]);
  const verification = verifyChain(dossier.id, timeline);
  const emailKeys = timeline.filter((e) => e.type === 'email-queued').map((e) => String(e.data.key));
  const byKey = new Map((await deps.outbox.getMany(emailKeys)).map((e) => [e.idempotencyKey, e]));
  const emails = emailKeys.flatMap((key) => {
    const e = byKey.get(key);
    return e
      ? [
          {
            cle: e.idempotencyKey,
            type: e.kind,
            destinataires: e.to,
            objet: e.subject,
            texte: e.text,
            statut: e.status,
            envoyeLe: e.sentAt,
            tentatives: e.attempts,
          },
        ]
      : [];
  });
  const workflow = workflowOf(dossier);
  return {
    ...dossierSummary(dossier, deps.catalog),
    dossier: submission,
    suivi: {
      operation: workflow.operation,
      complements: workflow.complements,
      commissionPermanente: workflow.cp,
      convention: workflow.convention,
      versements: workflow.payments,
      suspension: workflow.suspension,
      documentsAnnuels: workflow.annualDocuments,
      comites: workflow.comites,
      /** The participants counted from the lists sent before the comités (no names kept): entries, and exits by nature. */
      participants: participantTotals(workflow.comites),
      bilan: workflow.bilan,
    },
    historique: timeline.map((e) => ({ n: e.seq, le: e.at, type: e.type, par: e.actor, donnees: e.data, empreinte: e.hash })),
    historiqueIntegre: verification.ok,
    taches: tasks.map(taskView),
    echeances: deadlines.map((d) => ({ type: d.kind, objet: d.ref, le: d.dueDate, statut: d.status })),
    courriels: emails,
  };
}

/** Over every comité's last list: how many entered, and how many left by nature of exit. */
function participantTotals(comites: ReturnType<typeof workflowOf>['comites']) {
  const exitsByNature: Record<string, number> = {};
  let entries = 0;
  for (const c of comites) {
    entries += c.participants?.entries ?? 0;
    for (const [nature, n] of Object.entries(c.participants?.exitsByNature ?? {})) exitsByNature[nature] = (exitsByNature[nature] ?? 0) + n;
  }
  return { entrees: entries, sortiesParNature: exitsByNature };
}

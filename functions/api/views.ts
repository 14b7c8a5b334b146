/** What the API shows of a dossier and a task (never a task token). */
import type { Catalog } from '#domain/catalog/index.ts';
import type { Task } from '#domain/ports/records.ts';
import { publicsBeyondDispositif } from '#domain/rules/index.ts';
import type { WorkflowDeps } from '#domain/workflow/deps.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { stepDefinition } from '#domain/workflow/steps.ts';

export function dossierSummary(dossier: DossierRecord, catalog: Catalog) {
  return {
    id: dossier.id,
    reference: dossier.reference,
    statut: dossier.status,
    dispositif: dossier.dispositifCode,
    territoire: dossier.territory,
    porteur: dossier.submission.porteur.name,
    projet: dossier.submission.project.title,
    /** Publics the dossier serves beyond its dispositif's own: accepted (« prioritairement »), for the instructor to weigh. */
    publicsHorsDispositif: publicsBeyondDispositif(catalog, dossier.dispositifCode, dossier.submission.publics),
    montants: dossier.amounts,
    deposeLe: dossier.createdAt,
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

/** The dossier with everything that happened to it: timeline, tasks, deadlines, emails. */
export async function dossierDetail(deps: WorkflowDeps, dossier: DossierRecord) {
  const [timeline, deadlines, verification] = await Promise.all([
    deps.repo.listTimeline(dossier.id),
    deps.repo.listDeadlinesOfDossier(dossier.id),
    deps.repo.verifyTimeline(dossier.id),
  ]);
  const taskIds = timeline.filter((e) => e.type === 'task-opened').map((e) => String(e.data.taskId));
  const tasks = (await Promise.all(taskIds.map((id) => deps.repo.getTask(id)))).filter((t): t is Task => t !== undefined);
  const emailKeys = timeline.filter((e) => e.type === 'email-queued').map((e) => String(e.data.key));
  const emails = (await Promise.all(emailKeys.map((key) => deps.repo.getEmail(key)))).flatMap((e) =>
    e
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
      : [],
  );
  const workflow = workflowOf(dossier);
  return {
    ...dossierSummary(dossier, deps.catalog),
    dossier: dossier.submission,
    suivi: {
      operation: workflow.operation,
      complements: workflow.complements,
      commissionPermanente: workflow.cp,
      convention: workflow.convention,
      versements: workflow.payments,
      suspension: workflow.suspension,
      documentsAnnuels: workflow.annualDocuments,
      comites: workflow.comites,
      bilan: workflow.bilan,
    },
    historique: timeline.map((e) => ({ n: e.seq, le: e.at, type: e.type, par: e.actor, donnees: e.data, empreinte: e.hash })),
    historiqueIntegre: verification.ok,
    taches: tasks.map(taskView),
    echeances: deadlines.map((d) => ({ type: d.kind, objet: d.ref, le: d.dueDate, statut: d.status })),
    courriels: emails,
  };
}

/**
 * Asking the porteur for complements — of the dossier (completeness check) or of the bilan (bilan
 * review): the list from the decision, a deadline (15 days: data/deadline-kinds.json), the
 * obligation and its reminder scheduled, the porteur told.
 */
import { complementsDueDate } from '#domain/deadlines/index.ts';
import type { DossierStatus } from '#domain/ports/records.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { WorkflowDeps } from '../deps.ts';
import { porteurAddress, porteurFacts, queueEmail } from '../notify.ts';
import { scheduleObligation } from '../obligations.ts';
import { changeDossier } from '../state.ts';
import { decidedTask, guardStatus, record, type ActionInput, type ActionResult } from './common.ts';

export async function requestComplements(
  deps: WorkflowDeps,
  input: ActionInput,
  transition: { from: DossierStatus; to: DossierStatus; timelineType: string },
  complementsOf: (details: unknown) => string[],
): Promise<ActionResult> {
  const task = await decidedTask(deps, input);
  const complements = complementsOf(task.details);
  const requestedOn = parisDateOf(new Date(task.decidedAt ?? deps.clock.now()));
  const dueDate = complementsDueDate(requestedOn);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) =>
    guardStatus(d, input.action, [transition.from], transition.to) === 'done'
      ? undefined
      : { workflow: { ...workflow, complements: { ref: task.id, requestedOn, dueDate, items: complements } }, status: transition.to },
  );
  await scheduleObligation(deps.repo, { dossierId: dossier.id, kind: 'complements', ref: task.id, dueDate, notBefore: requestedOn });
  await record(deps, dossier.id, transition.timelineType, task.id, { complements, dueDate }, task.decidedBy);
  await queueEmail(deps.repo, {
    key: `complements-request#${task.id}`,
    kind: 'complements-request',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: { ...porteurFacts(deps.catalog, dossier), complements, dueDate, ...(task.comment ? { comment: task.comment } : {}) },
  });
  return { outcome: 'complements-requested' };
}

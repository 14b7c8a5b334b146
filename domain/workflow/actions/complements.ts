/**
 * Asking the porteur for complements — of the dossier (completeness check) or of the bilan (bilan
 * review): the list from the decision, a deadline (15 days: data/deadline-kinds.json), the
 * obligation and its reminder scheduled, the porteur told.
 */
import { complementsDueDate } from '#domain/deadlines/index.ts';
import { transition, type TransitionName } from '#domain/dossier/lifecycle.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { WorkflowDeps } from '../deps.ts';
import { porteurAddress, porteurFacts, queueEmail } from '../notify.ts';
import { scheduleObligation } from '../obligations.ts';
import { changeDossier } from '../state.ts';
import { decidedTask, record, type ActionInput, type ActionResult } from './common.ts';

export async function requestComplements(
  deps: WorkflowDeps,
  input: ActionInput,
  request: { transition: TransitionName; timelineType: string },
  complementsOf: (details: unknown) => string[],
): Promise<ActionResult> {
  const task = await decidedTask(deps, input);
  const complements = complementsOf(task.details);
  const requestedOn = parisDateOf(new Date(task.decidedAt ?? deps.clock.now()));
  const dueDate = complementsDueDate(requestedOn);
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, request.transition);
    return status && { workflow: { ...workflow, complements: { ref: task.id, requestedOn, dueDate, items: complements } }, status };
  });
  await scheduleObligation(deps.repo, { dossierId: dossier.id, kind: 'complements', ref: task.id, dueDate, notBefore: requestedOn });
  await record(deps, dossier.id, request.timelineType, task.id, { complements, dueDate }, task.decidedBy);
  await queueEmail(deps.repo, {
    key: `complements-request#${task.id}`,
    kind: 'complements-request',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: { ...porteurFacts(deps.catalog, dossier), complements, dueDate, ...(task.comment ? { comment: task.comment } : {}) },
  });
  return { outcome: 'complements-requested' };
}

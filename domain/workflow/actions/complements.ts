/**
 * Asking the porteur for complements — of the dossier (completeness check) or of the bilan (bilan
 * review): the list from the decision, a deadline (15 days: data/deadline-kinds.json), the
 * obligation and its reminder scheduled, the porteur told — one change.
 */
import { complementsDueDate } from '#domain/deadlines/index.ts';
import type { DossierStatus } from '#domain/ports/records.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { porteurAddress, porteurFacts } from '../notify.ts';
import { act, decidedTask, guardStatus, type ActionDeps, type ActionInput, type ActionResult } from './common.ts';

export async function requestComplements(
  deps: ActionDeps,
  input: ActionInput,
  transition: { from: DossierStatus; to: DossierStatus; timelineType: string },
  complementsOf: (details: unknown) => string[],
): Promise<ActionResult> {
  const outcome = { outcome: 'complements-requested' };
  const { result } = await act(deps, input, (change, decided) => {
    const task = decidedTask(input, decided);
    const d = change.read;
    if (guardStatus(d, input.action, [transition.from], transition.to) === 'done') return outcome;
    const complements = complementsOf(task.details);
    const requestedOn = parisDateOf(new Date(task.decidedAt ?? deps.clock.now()));
    const dueDate = complementsDueDate(requestedOn);
    change.workflow.complements = { ref: task.id, requestedOn, dueDate, items: complements };
    change.setStatus(transition.to);
    change.schedule({ kind: 'complements', ref: task.id, dueDate, notBefore: requestedOn });
    change.record(transition.timelineType, { complements, dueDate }, task.decidedBy);
    change.email({
      key: `complements-request#${task.id}`,
      kind: 'complements-request',
      to: porteurAddress(d),
      params: { ...porteurFacts(deps.catalog, d), complements, dueDate, ...(task.comment ? { comment: task.comment } : {}) },
    });
    return outcome;
  });
  return result;
}

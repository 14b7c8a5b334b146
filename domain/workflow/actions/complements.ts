/**
 * Asking the porteur for complements — of the dossier (completeness check) or of the bilan (bilan
 * review): the list from the decision, a deadline (15 days: data/deadline-kinds.json), the
 * obligation and its reminder scheduled, the porteur told — one change.
 */
import { complementsDueDate } from '#domain/deadlines/index.ts';
import { transition, type TransitionName } from '#domain/dossier/lifecycle.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { porteurAddress, porteurFacts } from '../notify.ts';
import { act, decidedTask, type ActionCall, type ActionDeps, type ActionInput, type ActionOutcome } from './common.ts';
import { COMPLEMENTS_REQUEST } from '#domain/notifications/instruction.ts';

export function requestComplements(
  deps: ActionDeps,
  input: ActionInput,
  request: { transition: TransitionName; timelineType: string },
  complementsOf: (details: unknown) => string[],
  call?: ActionCall,
): Promise<ActionOutcome> {
  const outcome = { outcome: 'complements-requested' };
  return act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const d = change.read;
      const status = transition(d, request.transition);
      if (!status) return outcome;
      const complements = complementsOf(task.details);
      const requestedOn = parisDateOf(new Date(task.decidedAt ?? deps.clock.now()));
      const dueDate = complementsDueDate(requestedOn);
      change.workflow.complements = { ref: task.id, requestedOn, dueDate, items: complements };
      change.setStatus(status);
      change.schedule({ kind: 'complements', ref: task.id, dueDate, notBefore: requestedOn });
      change.record(request.timelineType, { complements, dueDate }, task.decidedBy);
      change.email(COMPLEMENTS_REQUEST, {
        key: `complements-request#${task.id}`,
        to: porteurAddress(d),
        params: { ...porteurFacts(deps.catalog, d), complements, dueDate, ...(task.comment ? { comment: task.comment } : {}) },
      });
      return outcome;
    },
    call,
  );
}

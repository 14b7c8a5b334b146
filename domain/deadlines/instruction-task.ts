/**
 * The deadline of a step owed by the département's services (service instructeur, chef de
 * SLAI/SLISL, secrétariat de la Commission Permanente): N calendar days after the task opened,
 * N being the step's own (data/workflow-steps.json, `due.days`); its timeout escalates the task.
 * The call sets no delay for these steps. Kind `instruction-task` in data/deadline-kinds.json.
 */
import type { IsoDate } from '#domain/time/iso-date.ts';
import { dueDate } from './due-date.ts';

/** The last day of a service's step opened on `openedOn` that has `days` calendar days. */
export function instructionTaskDueDate(openedOn: IsoDate, days: number): IsoDate {
  return dueDate('instruction-task', openedOn, days);
}

/** Emails to the département's instructors: a task assigned, a task overdue. */
import * as z from 'zod/mini';
import { colleagueGreeting, dispositifLabel } from './common.ts';
import { formatDate, formatDays } from './format.ts';
import {
  action,
  bullets,
  fact,
  facts,
  heading,
  notice,
  paragraph,
  renderLayout,
  strong,
  t,
  words,
  type Block,
  type RenderedEmail,
} from './layout.ts';
import { DECISION_LABELS, type TaskDecision } from './labels.ts';
import { dateSchema, daysSchema, dispositifSchema, parseParams, serviceContactSchema, textSchema, urlSchema } from './schemas.ts';

const decisionSchema = z.enum(Object.keys(DECISION_LABELS) as [TaskDecision, ...TaskDecision[]]);

const taskSchema = z.object({
  contact: serviceContactSchema,
  /** The recipient's name, for the greeting. */
  recipientName: z.optional(textSchema),
  /** The step's title: « Vérifier la complétude du dossier ». */
  taskTitle: textSchema,
  dossierReference: textSchema,
  dispositif: dispositifSchema,
  porteurName: textSchema,
  dueDate: dateSchema,
  taskUrl: urlSchema,
});

// --- task-assigned -------------------------------------------------------------------------

export const taskAssignedSchema = z.extend(taskSchema, {
  decisions: z.array(decisionSchema).check(z.minLength(1)),
});
export type TaskAssignedParams = z.infer<typeof taskAssignedSchema>;

export function taskAssignedEmail(params: TaskAssignedParams): RenderedEmail {
  const p = parseParams('task-assigned', taskAssignedSchema, params);
  const due = formatDate(p.dueDate);
  return renderLayout({
    subject: t`Nouvelle tâche : ${p.taskTitle} — dossier ${p.dossierReference}`,
    greeting: colleagueGreeting(p.recipientName),
    blocks: [
      paragraph(t`Une nouvelle tâche vous est attribuée, à traiter au plus tard le ${strong(due)}.`),
      facts(
        fact('Tâche', strong(p.taskTitle)),
        fact('Dossier', p.dossierReference),
        fact('Dispositif', dispositifLabel(p.dispositif)),
        fact('Porteur de projet', p.porteurName),
        fact('À traiter au plus tard le', due),
      ),
      heading('Décisions possibles'),
      bullets(p.decisions.map((d) => words(DECISION_LABELS[d]))),
      action('Ouvrir la tâche', p.taskUrl),
    ],
    contact: p.contact,
  });
}

// --- task-overdue --------------------------------------------------------------------------

export const taskOverdueSchema = z.extend(taskSchema, {
  daysOverdue: daysSchema(1),
  /** Who the task is assigned to, when the email goes to someone else (escalation). */
  assigneeName: z.optional(textSchema),
  /** Who the task was escalated to; absent for a plain reminder. */
  escalatedTo: z.optional(textSchema),
});
export type TaskOverdueParams = z.infer<typeof taskOverdueSchema>;

export function taskOverdueEmail(params: TaskOverdueParams): RenderedEmail {
  const p = parseParams('task-overdue', taskOverdueSchema, params);
  const due = formatDate(p.dueDate);
  const late = formatDays(p.daysOverdue);
  const blocks: Block[] = [
    paragraph(t`La tâche suivante devait être traitée au plus tard le ${due} : elle est en retard de ${strong(late)}.`),
    facts(
      fact('Tâche', strong(p.taskTitle)),
      fact('Dossier', p.dossierReference),
      fact('Dispositif', dispositifLabel(p.dispositif)),
      fact('Porteur de projet', p.porteurName),
      fact('Échéance', due),
      fact('Retard', late),
      p.assigneeName === undefined ? undefined : fact('Attribuée à', p.assigneeName),
      p.escalatedTo === undefined ? undefined : fact('Signalée à', p.escalatedTo),
    ),
  ];
  if (p.escalatedTo !== undefined) {
    blocks.push(notice(t`Cette tâche a été signalée à ${p.escalatedTo}, pour qu’elle soit traitée ou réattribuée sans attendre.`));
  }
  blocks.push(action('Ouvrir la tâche', p.taskUrl));
  return renderLayout({
    subject:
      p.escalatedTo === undefined
        ? t`Relance : tâche en retard de ${late} — ${p.taskTitle} — dossier ${p.dossierReference}`
        : t`Escalade : tâche en retard de ${late}, signalée à ${p.escalatedTo} — ${p.taskTitle} — dossier ${p.dossierReference}`,
    greeting: colleagueGreeting(p.recipientName),
    blocks,
    contact: p.contact,
  });
}

// --- suspension-proposed -------------------------------------------------------------------

/** data/sanctions.json makes the suspension `proposed`: the service is told the day it would fall, and decides. */
export const suspensionProposedSchema = z.object({
  contact: serviceContactSchema,
  recipientName: z.optional(textSchema),
  dossierReference: textSchema,
  dispositif: dispositifSchema,
  porteurName: textSchema,
  fiscalYearEnd: dateSchema,
  dueDate: dateSchema,
  dossierUrl: urlSchema,
});
export type SuspensionProposedParams = z.infer<typeof suspensionProposedSchema>;

export function suspensionProposedEmail(params: SuspensionProposedParams): RenderedEmail {
  const p = parseParams('suspension-proposed', suspensionProposedSchema, params);
  return renderLayout({
    subject: t`Suspension des versements à décider — documents annuels non reçus — dossier ${p.dossierReference}`,
    greeting: colleagueGreeting(p.recipientName),
    blocks: [
      paragraph(
        t`Les documents annuels de l’exercice clos le ${formatDate(p.fiscalYearEnd)} devaient être transmis au plus tard le ${formatDate(p.dueDate)} : ils n’ont pas été reçus. L’appel à projets prévoit qu’« à défaut, le Département pourra suspendre les contributions financières » : il vous revient de suspendre les versements, ou d’écarter la suspension avec un motif.`,
      ),
      facts(
        fact('Dossier', p.dossierReference),
        fact('Dispositif', dispositifLabel(p.dispositif)),
        fact('Porteur de projet', p.porteurName),
        fact('Exercice', `clos le ${formatDate(p.fiscalYearEnd)}`),
        fact('Date limite de transmission', formatDate(p.dueDate)),
      ),
      action('Ouvrir le dossier', p.dossierUrl),
    ],
    contact: p.contact,
  });
}

/** Each kind of this file, declared once: who reads it, its parameters' schema, its template (index.ts lists them all). */
export const TASK_ASSIGNED = {
  kind: 'task-assigned',
  audience: 'instructor',
  schema: taskAssignedSchema,
  render: taskAssignedEmail,
} as const;
export const TASK_OVERDUE = { kind: 'task-overdue', audience: 'instructor', schema: taskOverdueSchema, render: taskOverdueEmail } as const;
export const SUSPENSION_PROPOSED = {
  kind: 'suspension-proposed',
  audience: 'instructor',
  schema: suspensionProposedSchema,
  render: suspensionProposedEmail,
} as const;

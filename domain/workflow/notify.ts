/**
 * The facts every email about a dossier carries. Emails are queued by the commit of the change
 * that owes them (`DossierChange.email`): an action that runs twice queues them once.
 */
import type { Catalog } from '#domain/catalog/index.ts';
import { fiscalYearEndDate, type MonthDay } from '#domain/deadlines/index.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { taskUrl } from './mailboxes.ts';
import type { DossierRecord } from './state.ts';

/** The facts every email about a dossier to its porteur carries. */
export function porteurFacts(catalog: Catalog, dossier: DossierRecord) {
  const dispositif = catalog.dispositifByCode(dossier.dispositifCode);
  if (!dispositif) throw new Error(`dossier ${dossier.id}: unknown dispositif ${dossier.dispositifCode}`);
  return {
    contact: { name: dispositif.contact.service, email: dispositif.contact.email },
    porteurName: dossier.profile.porteurName,
    dossierReference: dossier.reference,
    dispositif: { code: dispositif.code, title: dispositif.title },
  };
}

/** The last day of the dossier's structure's fiscal year `fiscalYear`. */
export function fiscalYearEndOf(dossier: DossierRecord, fiscalYear: number) {
  return fiscalYearEndDate(dossier.profile.fiscalYearEnd as MonthDay, fiscalYear);
}

/**
 * The facts every email about a fiscal year's annual documents carries: the porteur's, the fiscal
 * year's end, the due date, and the service gestionnaire they are sent to (the dispositif's contact).
 */
export function annualDocumentsFacts(catalog: Catalog, dossier: DossierRecord, fiscalYear: number, dueDate: string) {
  const facts = porteurFacts(catalog, dossier);
  return { ...facts, fiscalYearEnd: fiscalYearEndOf(dossier, fiscalYear), dueDate, serviceGestionnaire: facts.contact };
}

/**
 * The Maison du Département Solidarité of each territory of the dossier's operation, in the
 * dossier's order: each is owed the entries and exits of participants of its territory.
 */
export function dossierMds(catalog: Catalog, dossier: DossierRecord): { territory: string; name: string; email: string }[] {
  return dossier.profile.territories.map((code) => {
    const territory = catalog.territoryByCode(code);
    if (!territory) throw new Error(`dossier ${dossier.id}: unknown territory ${code}`);
    return { territory: code, name: territory.mds.name, email: territory.mds.email };
  });
}

export function porteurAddress(dossier: DossierRecord): string[] {
  return [dossier.profile.contactEmail];
}

/** The facts every email about a task to the département's services carries. */
export function taskFacts(
  catalog: Catalog,
  dossier: DossierRecord,
  task: { id: string; title: string; dueAt: string },
  mailbox: { name: string; email: string },
) {
  const dispositif = catalog.dispositifByCode(dossier.dispositifCode);
  return {
    contact: { name: 'Direction de l’inclusion durable', email: dispositif?.contact.email ?? mailbox.email },
    recipientName: mailbox.name,
    taskTitle: task.title,
    dossierReference: dossier.reference,
    dispositif: { code: dossier.dispositifCode, title: dispositif?.title ?? dossier.dispositifCode },
    porteurName: dossier.profile.porteurName,
    dueDate: parisDateOf(new Date(task.dueAt)),
    taskUrl: taskUrl(task.id),
  };
}

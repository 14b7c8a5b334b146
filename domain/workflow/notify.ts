/**
 * Queues an email in the outbox, rendered now, under an idempotency key, and notes it in the
 * dossier's timeline: an action that runs twice queues it once; the outbox sender delivers it (domain/notifications/send-outbox.ts).
 */
import { renderEmail, type EmailKind, type EmailParamsByKind } from '#domain/notifications/index.ts';
import type { OutboxRepository, TimelineRepository } from '#domain/ports/repositories.ts';
import type { Catalog } from '#domain/catalog/index.ts';
import type { DossierRecord } from './state.ts';
import { taskUrl } from './mailboxes.ts';
import { parisDateOf } from '#domain/time/paris.ts';

export async function queueEmail<K extends EmailKind>(
  repo: OutboxRepository & TimelineRepository,
  email: { key: string; kind: K; params: EmailParamsByKind[K]; to: string[]; dossierId?: string },
): Promise<boolean> {
  const rendered = renderEmail(email.kind, email.params);
  // The dossier's timeline shows every email owed to or about it (its content is in the outbox).
  if (email.dossierId !== undefined) {
    await repo.appendTimelineEvent(email.dossierId, {
      type: 'email-queued',
      actor: 'system',
      data: { kind: email.kind, key: email.key, to: email.to, subject: rendered.subject },
      idempotencyKey: `email-queued#${email.key}`,
    });
  }
  return repo.enqueueEmail({
    idempotencyKey: email.key,
    to: email.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    kind: email.kind,
    ...(email.dossierId === undefined ? {} : { dossierId: email.dossierId }),
  });
}

/** The facts every email about a dossier to its porteur carries. */
export function porteurFacts(catalog: Catalog, dossier: DossierRecord) {
  const dispositif = catalog.dispositifByCode(dossier.dispositifCode);
  if (!dispositif) throw new Error(`dossier ${dossier.id}: unknown dispositif ${dossier.dispositifCode}`);
  return {
    contact: { name: dispositif.contact.service, email: dispositif.contact.email },
    porteurName: dossier.submission.porteur.name,
    dossierReference: dossier.reference,
    dispositif: { code: dispositif.code, title: dispositif.title },
  };
}

/**
 * The Maison du Département Solidarité of each territory of the dossier's operation, in the
 * dossier's order: each is owed the entries and exits of participants of its territory.
 */
export function dossierMds(catalog: Catalog, dossier: DossierRecord): { territory: string; name: string; email: string }[] {
  return dossier.submission.territories.map((code) => {
    const territory = catalog.territoryByCode(code);
    if (!territory) throw new Error(`dossier ${dossier.id}: unknown territory ${code}`);
    return { territory: code, name: territory.mds.name, email: territory.mds.email };
  });
}

export function porteurAddress(dossier: DossierRecord): string[] {
  return [dossier.submission.porteur.contactEmail];
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
    porteurName: dossier.submission.porteur.name,
    dueDate: parisDateOf(new Date(task.dueAt)),
    taskUrl: taskUrl(task.id),
  };
}

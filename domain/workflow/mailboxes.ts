/**
 * Who is notified of a task: the functional mailbox of a role in a territory (data/mailboxes.json).
 * The porteur's own address is in its dossier; the MDS's in the catalog; the system role has none.
 */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import * as z from 'zod/mini';
import raw from '#data/mailboxes.json' with { type: 'json' };
import type { Catalog } from '#domain/catalog/index.ts';
import type { Role } from './steps.ts';

const mailboxesSchema = z.object({
  $comment: z.optional(z.string()),
  consoleUrl: z.url(),
  roles: z.record(
    z.enum(['service-instructeur', 'chef-slai-slisl', 'secretariat-cp']),
    z.object({ name: z.string().check(z.minLength(1)), email: z.string().check(z.minLength(3)) }),
  ),
});

const parsed = mailboxesSchema.safeParse(raw, PARSE_ONCE);
if (!parsed.success) throw new Error(`data/mailboxes.json is invalid: ${z.prettifyError(parsed.error)}`);
const mailboxes = parsed.data;

/** Where the web console lives: task links in emails point there (`/taches/<task id>`). */
export const CONSOLE_URL = mailboxes.consoleUrl;

export interface Mailbox {
  name: string;
  email: string;
}

/** The mailbox of `role` in `territory` (a territory code or `departement`); undefined for porteur and system. */
export function roleMailbox(catalog: Catalog, role: Role, territory: string): Mailbox | undefined {
  if (role === 'porteur' || role === 'system') return undefined;
  const entry = mailboxes.roles[role];
  if (!entry) return undefined;
  const territoryName = catalog.territoryByCode(territory)?.name ?? 'Département';
  const fill = (s: string) => s.replaceAll('{territory}', territory).replaceAll('{territoryName}', territoryName);
  return { name: fill(entry.name), email: fill(entry.email) };
}

export function taskUrl(taskId: string): string {
  return `${CONSOLE_URL}/taches/${taskId}`;
}

export function dossierUrl(dossierId: string): string {
  return `${CONSOLE_URL}/dossiers/${dossierId}`;
}

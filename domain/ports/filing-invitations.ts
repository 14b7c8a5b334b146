/** The individual filing spaces the service opens (domain/workflow/entry-channels.ts). */
import type { FilingInvitation, NewOutboxEmail } from './records.ts';

export interface FilingInvitationStore {
  /**
   * Writes the invitation and its email together, once per `key` (the opener's idempotency key):
   * a second call with the same key writes nothing and returns the invitation written first.
   */
  open(invitation: FilingInvitation, key: string, email: NewOutboxEmail): Promise<FilingInvitation>;
  get(id: string): Promise<FilingInvitation | undefined>;
}

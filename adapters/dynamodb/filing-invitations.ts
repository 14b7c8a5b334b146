/**
 * Filing invitations: the invitation, its opener's idempotency key and its email in one
 * TransactWriteItems; the key already taken, the invitation it opened is the answer.
 */
import type { FilingInvitationStore } from '#domain/ports/filing-invitations.ts';
import type { FilingInvitation, NewOutboxEmail } from '#domain/ports/records.ts';
import { newEmailItem } from './items.ts';
import { ENTITY, keys } from './keys.ts';
import type { DynamoTable } from './table.ts';

const FIELDS = ['id', 'dispositifCode', 'siret', 'porteurName', 'email', 'openedBy', 'openedAt', 'expiresOn'] as const;

export class DynamoFilingInvitationStore implements FilingInvitationStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async open(invitation: FilingInvitation, key: string, email: NewOutboxEmail): Promise<FilingInvitation> {
    const TableName = this.#t.tableName;
    const absent = 'attribute_not_exists(PK)';
    try {
      await this.#t.doc.transactWrite([
        {
          Put: {
            TableName,
            Item: { ...keys.invitationKey(key), entity: ENTITY.invitationKey, invitationId: invitation.id },
            ConditionExpression: absent,
          },
        },
        {
          Put: {
            TableName,
            Item: { ...keys.invitation(invitation.id), entity: ENTITY.invitation, ...invitation },
            ConditionExpression: absent,
          },
        },
        { Put: { TableName, Item: newEmailItem(email, invitation.openedAt), ConditionExpression: absent } },
      ]);
      return invitation;
    } catch (error) {
      if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
      const opened = await this.#t.get(keys.invitationKey(key));
      const first = opened ? await this.get(opened.invitationId as string) : undefined;
      if (!first) throw error;
      return first;
    }
  }

  async get(id: string): Promise<FilingInvitation | undefined> {
    const item = await this.#t.get(keys.invitation(id));
    return item ? (Object.fromEntries(FIELDS.map((f) => [f, item[f]])) as unknown as FilingInvitation) : undefined;
  }
}

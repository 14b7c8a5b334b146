/**
 * Every storage port over the one table (./table-design.ts; keys and access patterns:
 * ./ACCESS-PATTERNS.md), one adapter per aggregate sharing the table's plumbing (./table.ts).
 */
import type { Stores } from '#domain/ports/stores.ts';
import { DynamoCommits } from './commits.ts';
import { DynamoCpSessionStore } from './cp-sessions.ts';
import { DynamoDeadlineStore } from './deadlines.ts';
import { DynamoDossierStore } from './dossiers.ts';
import { DynamoEnvelopeStore } from './envelopes.ts';
import { DynamoFilingInvitationStore } from './filing-invitations.ts';
import { DynamoFilingStore } from './filings.ts';
import { DynamoOutboxStore } from './outbox.ts';
import { DynamoTable, type DynamoTableConfig } from './table.ts';
import { DynamoTaskStore } from './tasks.ts';
import { DynamoTimelineStore } from './timeline.ts';

export type { DynamoTableConfig } from './table.ts';

export function dynamoStores(config: DynamoTableConfig): Stores {
  const table = new DynamoTable(config);
  return {
    dossiers: new DynamoDossierStore(table),
    tasks: new DynamoTaskStore(table),
    timeline: new DynamoTimelineStore(table),
    deadlines: new DynamoDeadlineStore(table),
    outbox: new DynamoOutboxStore(table),
    envelopes: new DynamoEnvelopeStore(table),
    filings: new DynamoFilingStore(table),
    invitations: new DynamoFilingInvitationStore(table),
    cpSessions: new DynamoCpSessionStore(table),
    commits: new DynamoCommits(table),
  };
}

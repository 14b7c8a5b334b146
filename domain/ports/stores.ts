/**
 * Every storage port, one per aggregate; a use case receives only those it uses (a `Pick` of
 * these). Implementations: adapters/dynamodb (one table) and adapters/memory (for fast tests), held
 * to the same contract by test/integration/stores.
 */
import type { CommitPort } from './commit.ts';
import type { CpSessionStore } from './cp-sessions.ts';
import type { DeadlineStore } from './deadlines.ts';
import type { DossierStore } from './dossiers.ts';
import type { EnvelopeStore } from './envelopes.ts';
import type { FilingInvitationStore } from './filing-invitations.ts';
import type { FilingStore } from './filings.ts';
import type { OutboxStore } from './outbox.ts';
import type { TaskStore } from './tasks.ts';
import type { TimelineStore } from './timeline.ts';

export interface Stores {
  dossiers: DossierStore;
  tasks: TaskStore;
  timeline: TimelineStore;
  deadlines: DeadlineStore;
  outbox: OutboxStore;
  envelopes: EnvelopeStore;
  filings: FilingStore;
  invitations: FilingInvitationStore;
  cpSessions: CpSessionStore;
  commits: CommitPort;
}

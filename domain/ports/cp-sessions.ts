/** Commission Permanente sessions (each decision carries its session's id). */
import type { CpSession, NewCpSession } from './records.ts';

export interface CpSessionStore {
  /** Records a session; the same id again is a no-op (returns the stored one). */
  create(session: NewCpSession): Promise<CpSession>;
  get(id: string): Promise<CpSession | undefined>;
}

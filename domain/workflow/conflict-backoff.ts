/**
 * How a write that lost to a concurrent writer tries again (a change of a dossier decided on a stale
 * version, ./dossier-change.ts; a filing whose reference number another filing of its dispositif
 * took first, ./submit.ts): at most MAX_ATTEMPTS_AFTER_CONFLICT tries, with a pause before each new
 * one — exponential backoff with full jitter, a random wait of up to 2^(attempt-1) ms, at most 250
 * (attempts 1, 2, 3 … wait up to 1, 2, 4 … ms).
 *
 * A single loss (a decision against its workflow's segment) costs at most a millisecond; writers
 * that keep losing together spread out instead of retrying in step. Twenty writers on one dossier
 * while its workflow commits after each of them (≈ 48 commits,
 * test/integration/reliability/retention-and-conflicts.test.ts): with a wait of up to `attempt` ms
 * (at most 20) the last writer needed 19–25 of its 25 attempts with 3 busy threads beside it; with
 * this one, 12–14. Forty porteurs filing on one dispositif at once (a deadline's rush,
 * test/integration/reliability/concurrency.test.ts): without any pause, 4–9 of them used up their
 * attempts and got a 500 (3 runs); with this one, none.
 */
export const MAX_ATTEMPTS_AFTER_CONFLICT = 25;

export function pauseAfterConflict(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** (attempt - 1), 250)));
}

/**
 * The runtime's own storage: its whole state in memory, made durable by an append-only journal
 * (journal.ts) with a snapshot, and execution histories in their own log (history-log.ts).
 *
 * Every change is one record, applied to the state at once and appended to the journal by the
 * group commit of the event-loop turn (one write for all the records of the turn). `durable()`
 * resolves once everything applied so far is written: the runtime answers a caller, invokes a
 * callback's function or runs work only after it. Records are written before any answer, so a
 * kill -9 loses nothing that was acknowledged; they are not fsynced unless `fsync` is set (a power
 * cut may lose the last turns, as the local DynamoDB's LevelDB, which does not sync, may).
 *
 * The records (one per change, replayed in order on restart):
 *  - `definition`  a state machine definition an execution runs (once per machine and definition hash)
 *  - `start`       an execution, as StartExecution created it
 *  - `token`       a callback task's token as it now is (opened, heartbeat)
 *  - `answer`      a pending token answered, timed out or closed: its new status and outcome only
 *  - `commit`      a segment's end: its new park point or final status, and where its history chunk is
 *  - `close`       an execution stopped or timed out from outside its segments
 * Every condition (the execution's version, a token still PENDING) is checked against the state
 * before its record is written, in the same synchronous step: nothing moves twice.
 */
import { mkdirSync } from 'node:fs';
import { lockDataDirectory } from './data-dir-lock.ts';
import { HistoryLog, type HistoryRef } from './history-log.ts';
import { Journal } from './journal.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Where a running execution waits: a callback task (id = its token) or a Wait state. */
export interface ParkPoint {
  id: string;
  kind: 'callback' | 'wait';
  state: string;
  /** The state's raw input (a JSON value). */
  rawInput: unknown;
  enteredAt: string;
  dueAt?: string;
  /** Retries already spent by each retrier of the parked state since it was entered (Retry spans resumes). */
  retryAttempts?: number[];
}

export interface ExecutionRecord {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  definitionHash: string;
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  version: number;
  /** The history chunks of its committed segments: offset and length of each, one after the other. */
  history: number[];
  /** Events in those chunks. */
  eventCount: number;
  timeLimitSeconds: number;
  park?: ParkPoint;
  /** Set when a `states:startExecution` task started it: the parent and the seed of the parent's segment. */
  startedBy?: { executionArn: string; seed: string };
  /** Random and secret: the base token of each of its segments derives from it and the park point resumed. */
  seed: string;
}

export type CallbackOutcome =
  | { kind: 'success'; output: string }
  | { kind: 'failure'; error?: string; cause?: string }
  | { kind: 'timeout'; error: 'States.Timeout' | 'States.HeartbeatTimeout' };

export type TokenStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CLOSED';

export interface TokenRecord {
  token: string;
  executionArn: string;
  stateName: string;
  status: TokenStatus;
  createdAt: string;
  timeoutAt?: string;
  heartbeatSeconds?: number;
  heartbeatDueAt?: string;
  outcome?: CallbackOutcome;
}

export type SegmentReached =
  | { park: ParkPoint }
  | { status: 'SUCCEEDED' | 'FAILED'; stopDate: string; output?: string; error?: string; cause?: string };

export interface ExecutionClose {
  status: 'ABORTED' | 'TIMED_OUT';
  stopDate: string;
  error?: string;
  cause?: string;
}

export type StoreRecord =
  | { type: 'definition'; machineArn: string; hash: string; text: string }
  | { type: 'start'; execution: ExecutionRecord }
  | { type: 'token'; token: TokenRecord }
  | { type: 'answer'; token: string; status: Exclude<TokenStatus, 'PENDING'>; outcome?: CallbackOutcome }
  | { type: 'commit'; executionArn: string; version: number; history: HistoryRef; events: number; reached: SegmentReached }
  | ({ type: 'close'; executionArn: string } & ExecutionClose);

interface Snapshot {
  definitions: [key: string, text: string][];
  executions: ExecutionRecord[];
  tokens: TokenRecord[];
  finishedTokens: string[];
}

export interface RuntimeStoreOptions {
  /** Where the state is kept; undefined: in memory only (histories in an anonymous temporary file). */
  dataDir?: string;
  /** fsync the journal and the history log at each group commit (survives a power cut; slower). Default false. */
  fsync?: boolean;
  /** The journal is compacted into a snapshot once it is larger than this and than the last snapshot. Default 4 MiB. */
  compactAtBytes?: number;
}

export interface StoreStats {
  /** Records written since this store was opened. */
  recordsWritten: number;
  /** Records replayed from the journal when it was opened (the snapshot holds the rest). */
  recordsReplayed: number;
  /** Bytes of a torn last record cut off the journal when it was opened. */
  tornBytes: number;
  compactions: number;
  journalBytes: number;
  snapshotBytes: number;
  historyBytes: number;
}

const DEFAULT_COMPACT_AT_BYTES = 4 * 1024 * 1024;

/** History chunks as `[offset, length]` pairs (snapshots written before they were kept flat) made flat. */
function flatHistory(history: readonly (number | HistoryRef)[]): number[] {
  if (history.every((n) => typeof n === 'number')) return history as number[];
  return (history as HistoryRef[]).flat();
}

/**
 * The execution as the state keeps it: every field present from the start (undefined until set),
 * in one order, so that all share one hidden class with their fields in the object. Created with
 * some and given the others later (the end's stopDate, output…), and with `park` deleted at the
 * end, each had its fields in a dictionary of ≈ 800 bytes: 0.8 of the 2.2 KB an execution held
 * (a heap snapshot after bench/campaign.ts --n 300). JSON leaves the undefined ones out: journal and
 * snapshot are the same.
 */
function withEveryField(e: ExecutionRecord): ExecutionRecord {
  // Typed with every key required: a field ExecutionRecord gains and this list forgets fails to compile.
  const all: { [K in keyof Required<ExecutionRecord>]: ExecutionRecord[K] | undefined } = {
    executionArn: e.executionArn,
    name: e.name,
    stateMachineArn: e.stateMachineArn,
    definitionHash: e.definitionHash,
    input: e.input,
    status: e.status,
    startDate: e.startDate,
    stopDate: e.stopDate,
    output: e.output,
    error: e.error,
    cause: e.cause,
    version: e.version,
    history: flatHistory(e.history),
    eventCount: e.eventCount,
    timeLimitSeconds: e.timeLimitSeconds,
    park: e.park,
    startedBy: e.startedBy,
    seed: e.seed,
  };
  return all as ExecutionRecord;
}
const definitionKey = (machineArn: string, hash: string) => `${machineArn}#${hash}`;
const RESOLVED = Promise.resolve();

export class RuntimeStore {
  readonly #definitions = new Map<string, string>();
  readonly #executions = new Map<string, ExecutionRecord>();
  /** Executions of each state machine, in start order. */
  readonly #byMachine = new Map<string, ExecutionRecord[]>();
  /** Tokens still of use: pending, or answered and not yet resumed. */
  readonly #tokens = new Map<string, TokenRecord>();
  /** Tokens done with (resumed, closed): only their name is kept, to answer TaskTimedOut rather than InvalidToken. */
  readonly #finishedTokens = new Set<string>();
  readonly #journal: Journal | undefined;
  readonly #history: HistoryLog;
  readonly #fsync: boolean;
  readonly #compactAtBytes: number;
  readonly #unlock: () => void;
  #turn: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  #failure: Error | undefined;
  readonly #stats = { recordsWritten: 0, recordsReplayed: 0, tornBytes: 0, compactions: 0 };

  private constructor(options: RuntimeStoreOptions, journal: Journal | undefined, unlock: () => void) {
    this.#journal = journal;
    this.#history = HistoryLog.open(options.dataDir);
    this.#fsync = options.fsync ?? false;
    this.#compactAtBytes = options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES;
    this.#unlock = unlock;
  }

  /** Opens (or creates) the store; with a data directory, takes it and rebuilds the state from its snapshot and journal. */
  static open(options: RuntimeStoreOptions = {}): RuntimeStore {
    if (!options.dataDir) return new RuntimeStore(options, undefined, () => {});
    mkdirSync(options.dataDir, { recursive: true });
    const unlock = lockDataDirectory(options.dataDir);
    try {
      // The history chunks a record refers to are written before it, whenever the journal writes.
      let history: HistoryLog | undefined;
      const opened = Journal.open<Snapshot>(options.dataDir, () => history?.flush());
      const store = new RuntimeStore(options, opened.journal, unlock);
      history = store.#history;
      if (opened.snapshot) store.#restore(opened.snapshot);
      for (const record of opened.records) store.#apply(record as StoreRecord);
      store.#stats.recordsReplayed = opened.records.length;
      store.#stats.tornBytes = opened.tornBytes;
      return store;
    } catch (error) {
      unlock();
      throw error;
    }
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────────

  definition(machineArn: string, hash: string): string | undefined {
    return this.#definitions.get(definitionKey(machineArn, hash));
  }

  execution(executionArn: string): ExecutionRecord | undefined {
    return this.#executions.get(executionArn);
  }

  executions(): IterableIterator<ExecutionRecord> {
    return this.#executions.values();
  }

  /** Executions of a state machine, in start order. */
  executionsOf(machineArn: string): readonly ExecutionRecord[] {
    return this.#byMachine.get(machineArn) ?? [];
  }

  token(token: string): TokenRecord | undefined {
    return this.#tokens.get(token);
  }

  /** A token that was resumed or closed. */
  isFinished(token: string): boolean {
    return this.#finishedTokens.has(token);
  }

  tokens(): IterableIterator<TokenRecord> {
    return this.#tokens.values();
  }

  /** The history chunks of the execution's committed segments (history.ts); undefined for one lost (a power cut without `fsync`). */
  historyChunks(execution: ExecutionRecord): unknown[] {
    const chunks: unknown[] = [];
    const refs = execution.history;
    for (let i = 0; i + 1 < refs.length; i += 2) chunks.push(this.#history.read([refs[i] as number, refs[i + 1] as number]));
    return chunks;
  }

  // ── changes ──────────────────────────────────────────────────────────────────────────────────

  putDefinition(machineArn: string, hash: string, text: string): void {
    if (!this.#definitions.has(definitionKey(machineArn, hash))) this.#write({ type: 'definition', machineArn, hash, text });
  }

  /** Creates a RUNNING execution; false if the name is taken. */
  createExecution(execution: ExecutionRecord): boolean {
    if (this.#executions.has(execution.executionArn)) return false;
    this.#write({ type: 'start', execution });
    return true;
  }

  /**
   * Records what a segment reached — a new park point, or the end — and its history chunk, if the
   * execution is still RUNNING at the version the segment started from.
   */
  commitSegment(executionArn: string, expectedVersion: number, reached: SegmentReached, chunk: { text: string; events: number }): boolean {
    const execution = this.#executions.get(executionArn);
    if (execution?.status !== 'RUNNING' || execution.version !== expectedVersion) return false;
    const history = this.#history.append(chunk.text);
    this.#write({ type: 'commit', executionArn, version: expectedVersion + 1, history, events: chunk.events, reached });
    return true;
  }

  /** Closes a RUNNING execution from outside a segment (stop, time limit): a running segment's commit then fails. */
  closeExecution(executionArn: string, close: ExecutionClose, requireStartDate?: string): boolean {
    const execution = this.#executions.get(executionArn);
    if (execution?.status !== 'RUNNING') return false;
    if (requireStartDate !== undefined && execution.startDate !== requireStartDate) return false;
    this.#write({ type: 'close', executionArn, ...close });
    return true;
  }

  /**
   * Opens the token of a callback task; if a crashed run of the same segment opened it already,
   * returns that one. (A token that run closed, its function having failed, opens again.)
   */
  openToken(token: TokenRecord): TokenRecord {
    const existing = this.#tokens.get(token.token);
    if (existing) return existing;
    this.#write({ type: 'token', token });
    return token;
  }

  /** PENDING → answered or timed out; exactly one of concurrent answers and timeouts wins. */
  resolveToken(token: string, outcome: CallbackOutcome, requireHeartbeatDueAt?: string): boolean {
    const current = this.#tokens.get(token);
    if (current?.status !== 'PENDING') return false;
    if (requireHeartbeatDueAt !== undefined && current.heartbeatDueAt !== requireHeartbeatDueAt) return false;
    const status = outcome.kind === 'success' ? 'SUCCEEDED' : outcome.kind === 'failure' ? 'FAILED' : 'TIMED_OUT';
    this.#write({ type: 'answer', token, status, outcome });
    return true;
  }

  /** PENDING → CLOSED: it will never be answered (its function failed). */
  closeToken(token: string): boolean {
    const current = this.#tokens.get(token);
    if (current?.status !== 'PENDING') return false;
    this.#write({ type: 'answer', token, status: 'CLOSED' });
    return true;
  }

  setHeartbeatDue(token: string, dueAt: string): boolean {
    const current = this.#tokens.get(token);
    if (current?.status !== 'PENDING') return false;
    this.#write({ type: 'token', token: { ...current, heartbeatDueAt: dueAt } });
    return true;
  }

  // ── durability ───────────────────────────────────────────────────────────────────────────────

  /** Resolves once every change applied so far is written (at the end of the current event-loop turn). */
  durable(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#turn?.promise ?? RESOLVED;
  }

  stats(): StoreStats {
    return {
      ...this.#stats,
      journalBytes: this.#journal?.bytes ?? 0,
      snapshotBytes: this.#journal?.snapshotBytes ?? 0,
      historyBytes: this.#history.bytes,
    };
  }

  /** Writes what is pending and releases the data directory. */
  close(): void {
    if (this.#turn) this.#flush();
    this.#journal?.close();
    this.#history.close();
    this.#unlock();
  }

  #write(record: StoreRecord): void {
    if (this.#failure) throw this.#failure;
    this.#apply(record);
    this.#stats.recordsWritten += 1;
    if (!this.#turn) {
      let resolve: () => void = () => {};
      let reject: (error: unknown) => void = () => {};
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      promise.catch(() => {}); // observed by whoever awaits durable()
      this.#turn = { promise, resolve, reject };
      setImmediate(() => this.#flush());
    }
    if (!this.#journal) return;
    try {
      this.#journal.append(JSON.stringify(record)); // written now if the journal's buffer is full
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** The group commit: history chunks first, then the journal records that refer to them. */
  #flush(): void {
    const turn = this.#turn;
    if (!turn) return;
    this.#turn = undefined;
    if (this.#failure) {
      turn.reject(this.#failure);
      return;
    }
    try {
      this.#history.flush();
      if (this.#journal) {
        this.#journal.flush();
        if (this.#fsync) {
          this.#history.sync();
          this.#journal.sync();
        }
        const journal = this.#journal;
        if (journal.bytes > Math.max(this.#compactAtBytes, journal.snapshotBytes)) {
          journal.compact(this.#snapshot());
          this.#stats.compactions += 1;
        }
      }
      turn.resolve();
    } catch (error) {
      turn.reject(this.#fail(error));
    }
  }

  /** Memory now holds changes the disk may not: nothing more may be acknowledged. */
  #fail(error: unknown): Error {
    this.#failure ??= new Error(`local Step Functions: its storage failed, restart it (${(error as Error).message})`, { cause: error });
    this.#turn?.reject(this.#failure);
    return this.#failure;
  }

  #snapshot(): Snapshot {
    return {
      definitions: [...this.#definitions],
      executions: [...this.#executions.values()],
      tokens: [...this.#tokens.values()],
      finishedTokens: [...this.#finishedTokens],
    };
  }

  #restore(snapshot: Snapshot): void {
    for (const [key, text] of snapshot.definitions) this.#definitions.set(key, text);
    for (const execution of snapshot.executions) this.#addExecution(execution);
    for (const token of snapshot.tokens) this.#tokens.set(token.token, token);
    for (const token of snapshot.finishedTokens) this.#finishedTokens.add(token);
  }

  #addExecution(record: ExecutionRecord): void {
    const execution = withEveryField(record);
    this.#executions.set(execution.executionArn, execution);
    let list = this.#byMachine.get(execution.stateMachineArn);
    if (!list) this.#byMachine.set(execution.stateMachineArn, (list = []));
    list.push(execution);
  }

  /** The one place the state changes: live (after its conditions were checked) and on replay. */
  #apply(record: StoreRecord): void {
    switch (record.type) {
      case 'definition':
        this.#definitions.set(definitionKey(record.machineArn, record.hash), record.text);
        return;
      case 'start':
        this.#addExecution(record.execution);
        return;
      case 'token':
        if (record.token.status === 'CLOSED') {
          this.#finishToken(record.token.token);
        } else {
          this.#tokens.set(record.token.token, record.token);
          this.#finishedTokens.delete(record.token.token);
        }
        return;
      case 'answer': {
        if (record.status === 'CLOSED') {
          this.#finishToken(record.token);
          return;
        }
        const token = this.#tokens.get(record.token) as TokenRecord;
        this.#tokens.set(record.token, { ...token, status: record.status, ...(record.outcome ? { outcome: record.outcome } : {}) });
        return;
      }
      case 'commit': {
        const execution = this.#executions.get(record.executionArn) as ExecutionRecord;
        // The callback it was parked on is resumed: done with.
        if (execution.park?.kind === 'callback') this.#finishToken(execution.park.id);
        execution.version = record.version;
        execution.history.push(record.history[0], record.history[1]);
        execution.eventCount += record.events;
        const reached = record.reached;
        if ('park' in reached) {
          execution.park = reached.park;
          return;
        }
        execution.history = execution.history.slice(); // its last chunk: an array of its size (push leaves room for 17)
        execution.park = undefined; // not deleted: see withEveryField
        execution.status = reached.status;
        execution.stopDate = reached.stopDate;
        if (reached.output !== undefined) execution.output = reached.output;
        if (reached.error !== undefined) execution.error = reached.error;
        if (reached.cause !== undefined) execution.cause = reached.cause;
        return;
      }
      case 'close': {
        const execution = this.#executions.get(record.executionArn) as ExecutionRecord;
        execution.status = record.status;
        execution.stopDate = record.stopDate;
        execution.version += 1;
        if (record.error !== undefined) execution.error = record.error;
        if (record.cause !== undefined) execution.cause = record.cause;
        // Its callback will never be resumed.
        if (execution.park?.kind === 'callback') this.#finishToken(execution.park.id);
        return;
      }
    }
  }

  #finishToken(token: string): void {
    this.#tokens.delete(token);
    this.#finishedTokens.add(token);
  }
}

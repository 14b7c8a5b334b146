/**
 * The runtime's own DynamoDB table (never the application's). Every state change is one
 * conditional single-item write (dynalite has no transactions), so nothing moves twice.
 *
 * Layout (pk / sk):
 *  - `EXEC#<executionArn>` / `EXEC`          the execution: status, input/output, park point, version;
 *                                            also the START work item until its first segment commits
 *  - `EXEC#<executionArn>` / `HIST#<n>`      history events recorded by the n-th committed segment
 *  - `TOKEN#<token>` / `TOKEN`               a callback task: execution, state, status, timeout;
 *                                            also the CALLBACK-OUTCOME work item once answered/timed out
 *  - `TIMER` / `<dueIso>#<kind>#<ref>`       timers sorted by due instant (a Query reads only what is due);
 *                                            a fired Wait timer is the WAIT-ELAPSED work item
 *  - `MACHINE#<machineArn>` / `DEF#<sha256>` the definition an execution started with
 *  - `COUNTER` / `WORK`                      the work-queue sequence
 * Indexes:
 *  - `work` (workQueue, workSeq): sparse; an item is a pending work item while it carries these
 *    attributes. Enqueueing is part of the same conditional write that records the cause (start,
 *    answer, timeout, due Wait), and dequeueing part of the write that records its effect.
 *  - `byMachine` (machineArn, machineStartKey): executions of a state machine, by start date.
 */
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { HistoryEventRecord } from './history.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Where a running execution waits: a callback task (id = its token) or a Wait state. */
export interface ParkPoint {
  id: string;
  kind: 'callback' | 'wait';
  state: string;
  /** The state's raw input, JSON text. */
  rawInput: string;
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
  historyChunks: number;
  timeLimitSeconds: number;
  park?: ParkPoint;
  /** Set when a `states:startExecution` task started it: the parent and the seed of the parent's segment. */
  startedBy?: { executionArn: string; seed: string };
}

export type WorkKind = 'start' | 'callback-outcome' | 'wait-elapsed';

export interface WorkItem {
  pk: string;
  sk: string;
  kind: WorkKind;
  seq: number;
  executionArn: string;
  /** Base of the tokens (and derived ids) the segment run for this item hands out. */
  baseToken: string;
  /** The park point the item resumes (callback-outcome, wait-elapsed). */
  parkId?: string;
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

export type TimerKind = 'wait' | 'task-timeout' | 'heartbeat' | 'execution-timeout';

export interface TimerRecord {
  sk: string;
  kind: TimerKind;
  dueAt: string;
  executionArn: string;
  /** The park id (wait), the token (task-timeout, heartbeat) or the execution's start date (execution-timeout). */
  ref: string;
  fired: boolean;
}

const WORK_QUEUE = 'WORK';
const WORK_INDEX = 'work';
const MACHINE_INDEX = 'byMachine';
const TIMER_PK = 'TIMER';

const execKey = (arn: string) => ({ pk: `EXEC#${arn}`, sk: 'EXEC' });
const tokenKey = (token: string) => ({ pk: `TOKEN#${token}`, sk: 'TOKEN' });
const historyKey = (arn: string, index: number) => ({ pk: `EXEC#${arn}`, sk: `HIST#${String(index).padStart(8, '0')}` });

export function timerSortKey(kind: TimerKind, dueAt: string, ref: string): string {
  return `${dueAt}#${kind}#${ref}`;
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write; false when its condition did not hold. */
async function conditionally(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const EXECUTION_FIELDS = [
  'executionArn',
  'name',
  'stateMachineArn',
  'definitionHash',
  'input',
  'status',
  'startDate',
  'stopDate',
  'output',
  'error',
  'cause',
  'version',
  'historyChunks',
  'timeLimitSeconds',
  'park',
  'startedBy',
] as const;

function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) out[field] = item[field];
  return out as T;
}

function workItemOf(item: Record<string, unknown>): WorkItem {
  const work: WorkItem = {
    pk: item.pk as string,
    sk: item.sk as string,
    kind: item.workKind as WorkKind,
    seq: item.workSeq as number,
    executionArn: item.executionArn as string,
    baseToken: item.workBaseToken as string,
  };
  if (typeof item.workParkId === 'string') work.parkId = item.workParkId;
  return work;
}

export interface Enqueue {
  seq: number;
  baseToken: string;
}

export class RuntimeStore {
  readonly tableName: string;
  readonly #raw: DynamoDBClient;
  readonly #doc: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, tableName: string) {
    this.tableName = tableName;
    this.#raw = client;
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async ensureTable(): Promise<void> {
    try {
      await this.#raw.send(new DescribeTableCommand({ TableName: this.tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
    }
    try {
      await this.#raw.send(
        new CreateTableCommand({
          TableName: this.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'workQueue', AttributeType: 'S' },
            { AttributeName: 'workSeq', AttributeType: 'N' },
            { AttributeName: 'machineArn', AttributeType: 'S' },
            { AttributeName: 'machineStartKey', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: WORK_INDEX,
              KeySchema: [
                { AttributeName: 'workQueue', KeyType: 'HASH' },
                { AttributeName: 'workSeq', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
            {
              IndexName: MACHINE_INDEX,
              KeySchema: [
                { AttributeName: 'machineArn', KeyType: 'HASH' },
                { AttributeName: 'machineStartKey', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    }
    for (let attempt = 0; attempt < 100; attempt++) {
      const table = await this.#raw.send(new DescribeTableCommand({ TableName: this.tableName }));
      if (table.Table?.TableStatus === 'ACTIVE') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`table ${this.tableName} did not become active`);
  }

  async #queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      startKey = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (startKey);
    return items;
  }

  // ── work queue ──────────────────────────────────────────────────────────────────────────────

  /** The next work-queue sequence number (strictly increasing, durable). */
  async nextWorkSeq(): Promise<number> {
    const out = await this.#doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: 'COUNTER', sk: 'WORK' },
        UpdateExpression: 'ADD #n :one',
        ExpressionAttributeNames: { '#n': 'value' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return out.Attributes?.value as number;
  }

  /** Every pending work item, oldest first. */
  async pendingWork(): Promise<WorkItem[]> {
    const items = await this.#queryAll({
      TableName: this.tableName,
      IndexName: WORK_INDEX,
      KeyConditionExpression: 'workQueue = :q',
      ExpressionAttributeValues: { ':q': WORK_QUEUE },
    });
    return items.map(workItemOf).sort((a, b) => a.seq - b.seq);
  }

  /** Removes a work item: done, or not to run (its execution moved on or closed). */
  async dequeue(item: WorkItem): Promise<void> {
    if (item.kind === 'wait-elapsed') {
      await this.#doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: item.sk } }));
      return;
    }
    // A failed condition: the item holds newer work now, which stays queued.
    await conditionally(
      this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'REMOVE workQueue, workSeq, workKind, workBaseToken, workParkId',
          ConditionExpression: 'workSeq = :seq',
          ExpressionAttributeValues: { ':seq': item.seq },
        }),
      ),
    );
  }

  // ── state machine definitions ───────────────────────────────────────────────────────────────

  async putDefinition(machineArn: string, hash: string, definitionText: string): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `MACHINE#${machineArn}`, sk: `DEF#${hash}`, definition: definitionText },
      }),
    );
  }

  async getDefinition(machineArn: string, hash: string): Promise<string | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `MACHINE#${machineArn}`, sk: `DEF#${hash}` } }),
    );
    return out.Item?.definition as string | undefined;
  }

  // ── executions ─────────────────────────────────────────────────────────────────────────────

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    const out = await this.#doc.send(new GetCommand({ TableName: this.tableName, Key: execKey(executionArn), ConsistentRead: true }));
    return out.Item ? pick<ExecutionRecord>(out.Item, EXECUTION_FIELDS) : undefined;
  }

  /** Creates a RUNNING execution with its START work item; false if the name is taken. */
  async createExecution(record: ExecutionRecord, start: Enqueue): Promise<boolean> {
    return conditionally(
      this.#doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...execKey(record.executionArn),
            ...record,
            machineArn: record.stateMachineArn,
            machineStartKey: `${record.startDate}#${record.name}`,
            workQueue: WORK_QUEUE,
            workSeq: start.seq,
            workKind: 'start',
            workBaseToken: start.baseToken,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /**
   * Records what a segment reached — a new park point, or the end — if the execution is still
   * RUNNING at the version the segment started from. Dequeues the START item in the same write.
   */
  async commitSegment(
    executionArn: string,
    expectedVersion: number,
    reached: { park: ParkPoint } | { status: 'SUCCEEDED' | 'FAILED'; stopDate: string; output?: string; error?: string; cause?: string },
  ): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status', '#version': 'version', '#park': 'park' };
    const values: Record<string, unknown> = { ':v': expectedVersion, ':next': expectedVersion + 1, ':running': 'RUNNING', ':one': 1 };
    const sets = ['#version = :next', 'historyChunks = historyChunks + :one'];
    const removes = ['workQueue', 'workSeq', 'workKind', 'workBaseToken', 'workParkId'];
    if ('park' in reached) {
      sets.push('#park = :park');
      values[':park'] = reached.park;
    } else {
      removes.push('#park');
      sets.push('#status = :status', 'stopDate = :stop');
      values[':status'] = reached.status;
      values[':stop'] = reached.stopDate;
      for (const field of ['output', 'error', 'cause'] as const) {
        if (reached[field] !== undefined) {
          names[`#${field}`] = field;
          values[`:${field}`] = reached[field];
          sets.push(`#${field} = :${field}`);
        }
      }
    }
    return conditionally(
      this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: execKey(executionArn),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
          ConditionExpression: '#version = :v AND #status = :running',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** Closes a RUNNING execution from outside a segment (stop, time limit); a running segment's commit then fails. */
  async closeExecution(
    executionArn: string,
    close: { status: 'ABORTED' | 'TIMED_OUT'; stopDate: string; error?: string; cause?: string },
    requireStartDate?: string,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
    const values: Record<string, unknown> = { ':status': close.status, ':stop': close.stopDate, ':running': 'RUNNING', ':one': 1 };
    const sets = ['#status = :status', 'stopDate = :stop', '#version = #version + :one'];
    for (const field of ['error', 'cause'] as const) {
      if (close[field] !== undefined) {
        names[`#${field}`] = field;
        values[`:${field}`] = close[field];
        sets.push(`#${field} = :${field}`);
      }
    }
    let condition = '#status = :running';
    if (requireStartDate !== undefined) {
      condition += ' AND startDate = :start';
      values[':start'] = requireStartDate;
    }
    return conditionally(
      this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: execKey(executionArn),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE workQueue, workSeq, workKind, workBaseToken, workParkId`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** Executions of a state machine, newest first. */
  async executionsOf(machineArn: string): Promise<ExecutionRecord[]> {
    const items = await this.#queryAll({
      TableName: this.tableName,
      IndexName: MACHINE_INDEX,
      KeyConditionExpression: 'machineArn = :m',
      ExpressionAttributeValues: { ':m': machineArn },
      ScanIndexForward: false,
    });
    return items.map((item) => pick<ExecutionRecord>(item, EXECUTION_FIELDS));
  }

  // ── history ────────────────────────────────────────────────────────────────────────────────

  /** Writes the events of the segment that will be committed as chunk `index` (overwrites a crashed attempt's). */
  async putHistoryChunk(executionArn: string, index: number, events: HistoryEventRecord[]): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...historyKey(executionArn, index), events: JSON.stringify(events) },
      }),
    );
  }

  /** The events of committed chunks 1..count (an uncommitted chunk beyond count is ignored). */
  async historyChunks(executionArn: string, count: number): Promise<HistoryEventRecord[]> {
    if (count === 0) return [];
    const items = await this.#queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': `EXEC#${executionArn}`,
        ':from': historyKey(executionArn, 1).sk,
        ':to': historyKey(executionArn, count).sk,
      },
      ConsistentRead: true,
    });
    return items.flatMap((item) => JSON.parse(item.events as string) as HistoryEventRecord[]);
  }

  // ── callback tokens ────────────────────────────────────────────────────────────────────────

  /** Creates the token of a callback task; if a crashed run of the same segment created it already, returns that one. */
  async createOrGetToken(record: TokenRecord): Promise<TokenRecord> {
    const created = await conditionally(
      this.#doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...tokenKey(record.token), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (created) return record;
    const existing = await this.getToken(record.token);
    if (!existing) throw new Error(`token ${record.token} vanished`);
    return existing;
  }

  async getToken(token: string): Promise<TokenRecord | undefined> {
    const out = await this.#doc.send(new GetCommand({ TableName: this.tableName, Key: tokenKey(token), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return pick<TokenRecord>(out.Item, [
      'token',
      'executionArn',
      'stateName',
      'status',
      'createdAt',
      'timeoutAt',
      'heartbeatSeconds',
      'heartbeatDueAt',
      'outcome',
    ]);
  }

  /**
   * PENDING → answered (or timed out): records the outcome and enqueues the CALLBACK-OUTCOME work
   * item in one conditional write. Exactly one of concurrent answers/timeouts wins.
   */
  async resolveToken(token: string, outcome: CallbackOutcome, work: Enqueue, requireHeartbeatDueAt?: string): Promise<boolean> {
    const status: TokenStatus = outcome.kind === 'success' ? 'SUCCEEDED' : outcome.kind === 'failure' ? 'FAILED' : 'TIMED_OUT';
    const values: Record<string, unknown> = {
      ':pending': 'PENDING',
      ':status': status,
      ':outcome': outcome,
      ':q': WORK_QUEUE,
      ':seq': work.seq,
      ':kind': 'callback-outcome',
      ':base': work.baseToken,
      ':park': token,
    };
    let condition = '#status = :pending';
    if (requireHeartbeatDueAt !== undefined) {
      condition += ' AND heartbeatDueAt = :hb';
      values[':hb'] = requireHeartbeatDueAt;
    }
    return conditionally(
      this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tokenKey(token),
          UpdateExpression:
            'SET #status = :status, outcome = :outcome, workQueue = :q, workSeq = :seq, workKind = :kind, workBaseToken = :base, workParkId = :park',
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** PENDING → CLOSED, without work (its execution was stopped or timed out). */
  async closeToken(token: string): Promise<boolean> {
    return conditionally(
      this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tokenKey(token),
          UpdateExpression: 'SET #status = :closed',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'CLOSED', ':pending': 'PENDING' },
        }),
      ),
    );
  }

  async setHeartbeatDue(token: string, dueAt: string): Promise<boolean> {
    return conditionally(
      this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tokenKey(token),
          UpdateExpression: 'SET heartbeatDueAt = :due',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':due': dueAt, ':pending': 'PENDING' },
        }),
      ),
    );
  }

  // ── timers ─────────────────────────────────────────────────────────────────────────────────

  async putTimer(kind: TimerKind, dueAt: string, executionArn: string, ref: string): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: TIMER_PK, sk: timerSortKey(kind, dueAt, ref), kind, dueAt, executionArn, ref },
      }),
    );
  }

  /** Timers due at or before `nowIso` and not fired yet, in due order. Reads only the due part of the index. */
  async dueTimers(nowIso: string): Promise<TimerRecord[]> {
    const items = await this.#queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :upTo',
      FilterExpression: 'attribute_not_exists(workQueue)',
      ExpressionAttributeValues: { ':pk': TIMER_PK, ':upTo': `${nowIso}#~` },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      sk: item.sk as string,
      kind: item.kind as TimerKind,
      dueAt: item.dueAt as string,
      executionArn: item.executionArn as string,
      ref: item.ref as string,
      fired: false,
    }));
  }

  /** A due Wait timer becomes the WAIT-ELAPSED work item (once). */
  async fireWaitTimer(timer: TimerRecord, work: Enqueue): Promise<boolean> {
    return conditionally(
      this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: TIMER_PK, sk: timer.sk },
          UpdateExpression: 'SET workQueue = :q, workSeq = :seq, workKind = :kind, workBaseToken = :base, workParkId = :park',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(workQueue)',
          ExpressionAttributeValues: {
            ':q': WORK_QUEUE,
            ':seq': work.seq,
            ':kind': 'wait-elapsed',
            ':base': work.baseToken,
            ':park': timer.ref,
          },
        }),
      ),
    );
  }

  async deleteTimer(sk: string): Promise<void> {
    await this.#doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: TIMER_PK, sk } }));
  }
}

/**
 * The campaign's counters read inside the platform's process (bench/platform-process.ts runs this
 * there, after the campaign): DynamoDB requests and units (bench/counters.ts, installed before the
 * platform started), executions, state transitions and workflow Lambda invocations from the
 * runtime's histories, emails sent, one idle run of each scheduled function, the table's size.
 */
import { sendPendingEmails } from '#domain/notifications/send-outbox.ts';
import { redeliverDecisions } from '#domain/workflow/decide.ts';
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import type { Platform } from '#infra/local/platform.ts';
import { storedEmailCount } from '#infra/local/ses/ses.ts';
import { MACHINES } from '#workflows/definitions.ts';
import { dynamoCounters, resetDynamoCounters, type TableCounters } from './counters.ts';
import { median, pool, round, timed } from './lib.ts';

export interface CampaignCounters {
  executions: number;
  stateTransitions: number;
  /** Lambda invocations of the three workflow functions, and their summed durations (ms). */
  workflowLambda: Record<string, { invocations: number; totalMs: number }>;
  api: { requests: number; totalMs: number; errors: number; byRoute: Record<string, number> };
  dynamo: Record<string, TableCounters>;
  emails: number;
  /** Days the platform's scheduler ran the daily enforcement during the campaign. */
  scheduledDays: number;
  /** One idle run of each scheduled function, measured after the campaign: duration (ms, median of 5) and read units. */
  scheduledRuns: Record<'send-emails' | 'redeliver-decisions' | 'daily-enforcement', { ms: number; rru: number }>;
  /** Bytes stored in the project table at the end (item sizes as DynamoDB counts them, + 100 B per item). */
  tableBytes: number;
}

/** What the platform's process counts; the clients count the API requests, the campaign its days. */
export type PlatformSideCounters = Omit<CampaignCounters, 'api' | 'scheduledDays'>;

export async function platformSideCounters(platform: Platform): Promise<PlatformSideCounters> {
  const dynamo = dynamoCounters(); // before the history reads below
  const { runtime, machineArns, deps } = platform.workflows;
  let executions = 0;
  let stateTransitions = 0;
  const workflowLambda: PlatformSideCounters['workflowLambda'] = {};
  for (const machine of MACHINES) {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await runtime.listExecutions({
        stateMachineArn: machineArns[machine],
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      arns.push(...page.executions.map((e) => e.executionArn));
      nextToken = page.nextToken;
    } while (nextToken);
    executions += arns.length;
    await pool(arns, 8, async (executionArn) => {
      // Paged as the API allows (at most 1,000 events a page).
      const events: unknown[] = [];
      let historyToken: string | undefined;
      do {
        const page = await runtime.getExecutionHistory({
          executionArn,
          maxResults: 1000,
          ...(historyToken ? { nextToken: historyToken } : {}),
        });
        events.push(...page.events);
        historyToken = page.nextToken;
      } while (historyToken);
      let started: { fn: string; at: number } | undefined;
      let scheduledFn: string | undefined;
      for (const e of events as { type: string; timestamp: Date; [k: string]: any }[]) {
        if (e.type.endsWith('StateEntered')) stateTransitions++;
        if (e.type === 'TaskScheduled') {
          const details = e.taskScheduledEventDetails as { resourceType: string; parameters: string };
          scheduledFn =
            details.resourceType === 'lambda' ? String(JSON.parse(details.parameters).FunctionName).split(':').pop() : undefined;
          if (scheduledFn) (workflowLambda[scheduledFn] ??= { invocations: 0, totalMs: 0 }).invocations++;
        } else if (e.type === 'TaskStarted' && scheduledFn) {
          started = { fn: scheduledFn, at: e.timestamp.getTime() };
        } else if (['TaskSucceeded', 'TaskSubmitted', 'TaskFailed', 'TaskTimedOut'].includes(e.type) && started) {
          workflowLambda[started.fn]!.totalMs += e.timestamp.getTime() - started.at;
          started = undefined;
        }
      }
    });
  }

  // One idle run of each scheduled function (nothing left to do: what it costs to look).
  const noMail = {
    send: async () => {
      throw new Error('no email expected');
    },
  } as never;
  const idleRun = async (work: () => Promise<unknown>) => {
    const times: number[] = [];
    resetDynamoCounters();
    for (let i = 0; i < 5; i++) times.push((await timed(work)).ms);
    return { ms: round(median(times), 1), rru: (dynamoCounters()['inclusion-aap']?.rru ?? 0) / 5 };
  };
  const scheduledRuns = {
    'send-emails': await idleRun(() => sendPendingEmails({ outbox: deps.outbox, mailer: noMail, clock: deps.clock, limit: 50 })),
    'redeliver-decisions': await idleRun(() => redeliverDecisions(deps)),
    'daily-enforcement': await idleRun(() => runDailyEnforcement(deps)),
  };
  return {
    executions,
    stateTransitions,
    workflowLambda,
    dynamo,
    // Counted in the store's index: GET /store would stream every email, and parsing them here took the process 450 MB more at N=1,000.
    emails: storedEmailCount(),
    scheduledRuns,
    tableBytes: await tableBytes(platform),
  };
}

/** The project table's stored size, read by a Scan through the repository's client endpoint. */
async function tableBytes(platform: Platform): Promise<number> {
  const { DynamoDBClient, ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint: platform.dynamo,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let bytes = 0;
  let start: Record<string, any> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: 'inclusion-aap', ...(start ? { ExclusiveStartKey: start } : {}) }));
    for (const item of page.Items ?? []) bytes += itemSize(item) + 100;
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return bytes;
}

/** An item's size as DynamoDB counts it: attribute names plus values (strings in UTF-8, numbers ~1 byte per 2 digits). */
function itemSize(item: Record<string, any>): number {
  const valueSize = (v: Record<string, any>): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.N !== undefined) return Math.ceil(String(v.N).length / 2) + 1;
    if (v.B !== undefined) return (v.B as Uint8Array).length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + (v.L as Record<string, any>[]).reduce((s, x) => s + 1 + valueSize(x), 0);
    if (v.M) return 3 + itemSize(v.M);
    if (v.SS) return (v.SS as string[]).reduce((s, x) => s + Buffer.byteLength(x), 0);
    return 0;
  };
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0);
}

/**
 * (6) The AWS cost model: the counters of a campaign (1) priced with data/aws-prices.json —
 * one dossier's whole life, a 1,000-dossier campaign per year (those lives plus the year's
 * scheduled runs), and the same campaign if the deadlines were watched by Wait-state polling
 * (a daily poll loop per dossier over its life) instead of callback timeouts and one daily
 * enforcement run. List prices, no free tier. What cannot be measured locally is an assumption
 * of the prices file, shown with the result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignResult } from './campaign.ts';
import { ROOT, round } from './lib.ts';

interface Price {
  usd: number;
  status: 'read' | 'assumed';
  date: string;
  source: string;
}
interface PricesFile {
  prices: Record<string, Price>;
  assumptions: {
    lambdaMemoryGb: Record<string, number>;
    publishTransitionsMsPerInvocation: number;
    publishTransitionsRecordsPerInvocation: number;
    logBytesPerLambdaInvocation: number;
    scheduledRunsPerYear: Record<'send-emails' | 'redeliver-decisions' | 'daily-enforcement', number>;
    storageMonthsPerDossierYear: number;
    pollingTransitionsPerDossierDay: number;
    pollingLambdaInvocationsPerDossierDay: number;
    pollingReadUnitsPerDossierDay: number;
  };
}

export const PRICES_FILE = join(ROOT, 'data', 'aws-prices.json');

/** Usage of one thing: quantities by priced unit. */
type Usage = Record<string, number>;

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface CostResult {
  fromCampaignN: number;
  perDossier: { usage: Usage; lines: CostLine[]; usd: number };
  campaignYear: { dossiers: number; lines: CostLine[]; usd: number };
  pollingYear: { lines: CostLine[]; usd: number };
  /** Polling / event-driven, for the same 1,000-dossier year. */
  pollingRatio: number;
  prices: Record<string, { usd: number; status: string; date: string }>;
  assumptions: PricesFile['assumptions'];
}

const UNITS: Record<string, [string, string]> = {
  stepFunctionsStandardTransition: ['Step Functions', 'state transitions'],
  lambdaRequest: ['Lambda requests', 'invocations'],
  lambdaArmGbSecond: ['Lambda duration', 'GB-s'],
  dynamodbWriteRequestUnit: ['DynamoDB writes', 'WRU'],
  dynamodbReadRequestUnit: ['DynamoDB reads', 'RRU'],
  dynamodbStorageGbMonth: ['DynamoDB storage', 'GB-month'],
  dynamodbPitrGbMonth: ['DynamoDB PITR', 'GB-month'],
  sesEmail: ['SES', 'emails'],
  httpApiRequest: ['HTTP API', 'requests'],
  eventBridgeEvent: ['EventBridge', 'events'],
  schedulerInvocation: ['Scheduler', 'invocations'],
  cloudWatchLogsIngestedGb: ['CloudWatch Logs', 'GB'],
};

function price(usage: Usage, prices: PricesFile['prices']): CostLine[] {
  return Object.entries(usage).map(([key, quantity]) => {
    const [item, unit] = UNITS[key]!;
    return { item, quantity, unit, usd: quantity * prices[key]!.usd };
  });
}

const total = (lines: CostLine[]) => lines.reduce((s, l) => s + l.usd, 0);
const add = (a: Usage, b: Usage, times = 1): Usage => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v * times;
  return out;
};
const tidy = (lines: CostLine[]) => lines.map((l) => ({ ...l, quantity: round(l.quantity, 3), usd: round(l.usd, 6) }));

export function costModel(
  campaign: CampaignResult,
  file: PricesFile = JSON.parse(readFileSync(PRICES_FILE, 'utf8')) as PricesFile,
): CostResult {
  const { prices, assumptions: a } = file;
  const c = campaign.counters;
  const n = campaign.n;
  const gb = a.lambdaMemoryGb;
  const table = c.dynamo['inclusion-aap']!;

  // One dossier's life, from the campaign's counters.
  const workflowInvocations = Object.values(c.workflowLambda).reduce((s, f) => s + f.invocations, 0);
  const workflowGbS = Object.entries(c.workflowLambda).reduce((s, [fn, f]) => s + (f.totalMs / 1000) * gb[fn]!, 0);
  const publisherInvocations = table.timelineItems / a.publishTransitionsRecordsPerInvocation;
  const lambdaInvocations = workflowInvocations + c.api.requests + publisherInvocations;
  const perDossier: Usage = {
    stepFunctionsStandardTransition: c.stateTransitions / n,
    lambdaRequest: lambdaInvocations / n,
    lambdaArmGbSecond:
      (workflowGbS +
        (c.api.totalMs / 1000) * gb.api! +
        publisherInvocations * (a.publishTransitionsMsPerInvocation / 1000) * gb['publish-transitions']!) /
      n,
    dynamodbWriteRequestUnit: (table.wru + table.indexWru) / n,
    dynamodbReadRequestUnit: table.rru / n,
    dynamodbStorageGbMonth: (c.tableBytes / n / 2 ** 30) * a.storageMonthsPerDossierYear,
    dynamodbPitrGbMonth: (c.tableBytes / n / 2 ** 30) * a.storageMonthsPerDossierYear,
    sesEmail: c.emails / n,
    httpApiRequest: c.api.requests / n,
    eventBridgeEvent: table.timelineItems / n,
    cloudWatchLogsIngestedGb: ((lambdaInvocations / n) * a.logBytesPerLambdaInvocation) / 2 ** 30,
  };

  // The year's scheduled runs, whatever the number of dossiers (idle runs as measured after the campaign).
  const runs = a.scheduledRunsPerYear;
  const SCHEDULED = ['send-emails', 'redeliver-decisions', 'daily-enforcement'] as const;
  const scheduledInvocations = runs['send-emails'] + runs['redeliver-decisions'] + runs['daily-enforcement'];
  const scheduledRun = (fn: (typeof SCHEDULED)[number]) => c.scheduledRuns[fn];
  const scheduled: Usage = {
    schedulerInvocation: scheduledInvocations,
    lambdaRequest: scheduledInvocations,
    lambdaArmGbSecond: SCHEDULED.reduce((s, fn) => s + runs[fn] * (Math.max(1, Math.ceil(scheduledRun(fn).ms)) / 1000) * gb[fn]!, 0),
    dynamodbReadRequestUnit: SCHEDULED.reduce((s, fn) => s + runs[fn] * scheduledRun(fn).rru, 0),
    cloudWatchLogsIngestedGb: (scheduledInvocations * a.logBytesPerLambdaInvocation) / 2 ** 30,
  };
  const dossiers = 1000;
  const year = add(scheduled, perDossier, dossiers);

  // Polling instead: no daily enforcement run; each dossier wakes every day of its life (Wait → check task).
  // A poll is one workflow function call: priced at the campaign's mean workflow call (plan-step may not run at all:
  // the actions plan the steps they lead to, workflows/README.md).
  const workflowMs = Object.values(c.workflowLambda).reduce((s, f) => s + f.totalMs, 0);
  const pollDays = dossiers * campaign.lifeDays;
  const polling = add(
    add(year, {
      schedulerInvocation: -runs['daily-enforcement'],
      lambdaRequest: -runs['daily-enforcement'],
      lambdaArmGbSecond:
        -runs['daily-enforcement'] * (Math.max(1, Math.ceil(scheduledRun('daily-enforcement').ms)) / 1000) * gb['daily-enforcement']!,
      dynamodbReadRequestUnit: -runs['daily-enforcement'] * scheduledRun('daily-enforcement').rru,
    }),
    {
      stepFunctionsStandardTransition: a.pollingTransitionsPerDossierDay,
      lambdaRequest: a.pollingLambdaInvocationsPerDossierDay,
      lambdaArmGbSecond: a.pollingLambdaInvocationsPerDossierDay * (workflowMs / workflowInvocations / 1000) * gb['plan-step']!,
      dynamodbReadRequestUnit: a.pollingReadUnitsPerDossierDay,
      cloudWatchLogsIngestedGb: (a.pollingLambdaInvocationsPerDossierDay * a.logBytesPerLambdaInvocation) / 2 ** 30,
    },
    pollDays,
  );

  const perDossierLines = price(perDossier, prices);
  const yearLines = price(year, prices);
  const pollingLines = price(polling, prices);
  return {
    fromCampaignN: n,
    perDossier: {
      usage: Object.fromEntries(Object.entries(perDossier).map(([k, v]) => [k, round(v, 6)])),
      lines: tidy(perDossierLines),
      usd: round(total(perDossierLines), 5),
    },
    campaignYear: { dossiers, lines: tidy(yearLines), usd: round(total(yearLines), 2) },
    pollingYear: { lines: tidy(pollingLines), usd: round(total(pollingLines), 2) },
    pollingRatio: round(total(pollingLines) / total(yearLines), 1),
    prices: Object.fromEntries(Object.entries(prices).map(([k, p]) => [k, { usd: p.usd, status: p.status, date: p.date }])),
    assumptions: a,
  };
}

/**
 * The whole system on one machine (`npm start`): DynamoDB (dynalite, on disk unless memory-only),
 * SES (aws-ses-v2-local and its mail viewer), the durable Step Functions runtime with the
 * project's three state machines, the HTTP API (each group's Lambda handler fed API Gateway events), the
 * outbox sender, and the scheduler running the daily enforcement at its hour on the platform
 * clock. Time travel moves that clock forward day by day, firing every timer and every daily run
 * in order. Everything the AWS stack runs, in one process, on the same code.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { putEvents } from '#adapters/aws/eventbridge.ts';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SesMailer } from '#adapters/ses/ses-mailer.ts';
import { dailyEnforcementHandler } from '#functions/sweep/handlers.ts';
import { redeliverDecisionsHandler } from '#functions/workflow/handlers.ts';
import { sendEmailsHandler } from '#functions/outbox/handlers.ts';
import type { Mailer } from '#domain/notifications/mailer.ts';
import { parisDateOf, startOfParisDay } from '#domain/time/paris.ts';
import { addDays } from '#domain/time/iso-date.ts';
import { apiHandler, type HttpEvent } from '#functions/api/app.ts';
import { needsAccounts } from '#functions/api/group.ts';
import { API_GROUPS } from '#functions/api/groups/index.ts';
import { TRANSITION_PATTERN, TRANSITIONS_MAPPING, transitionsPublisher } from '#functions/events/transitions.ts';
import { CONSOLE_ROOT, isConsolePath, serveConsole } from '../../console/serve.ts';
import { openApiDocument } from '#functions/api/openapi.ts';
import { filingWindowOn } from './first-screen.ts';
import { PlatformClock } from './platform-clock.ts';
import { writeStateFile } from './atomic-file.ts';
import { startHttpApiServer, type LocalAnswer, type LocalRoute } from './http-api-server.ts';
import { jwtAuthorizer } from './jwt-authorizer.ts';
import { localLambdaContext } from './lambda-context.ts';
import { LocalAccountDirectory } from './oidc/local-account-directory.ts';
import { LocalUserDirectory } from './oidc/users.ts';
import { DynamoAccountRequestStore } from '#adapters/dynamodb/account-requests.ts';
import type { AccountDeps } from '#domain/accounts/account-requests.ts';
import { startDynalite, startSes, type LocalDynamo, type LocalService } from './services.ts';
import { ApiFirst } from './api-first.ts';
import { startEventBus, type LocalEventBus } from './events/bus.ts';
import { watchChanges, type ChangeListener } from './events/change-feed.ts';
import { ExpiryWatch } from './expiry-watch.ts';
import { TABLE_DESIGN } from '#adapters/dynamodb/table-design.ts';
import { mapStream } from './events/event-source.ts';
import { lockDataDirectory } from './stepfunctions/data-dir-lock.ts';
import { WorkQueueMirror } from './work-queues.ts';
import { indexKeys } from '#adapters/dynamodb/keys.ts';
import { DEFAULT_CATCH_UP_DAYS } from '#domain/enforcement/daily-enforcement.ts';
import { startWorkflowPlatform, type WorkflowPlatform } from './workflow-platform.ts';

export interface PlatformOptions {
  /** Where data is kept between runs; undefined: memory only. */
  dataDir?: string;
  ports?: { api?: number; dynamo?: number; ses?: number; sfn?: number; events?: number };
  /** The date a fresh platform starts at (default: now). */
  startAt?: Date;
  /** The hour (Europe/Paris) of the daily enforcement (default 6). */
  enforcementHour?: number;
  /** Real milliseconds between two ticks of the scheduler (timers, daily run, outbox). Default 1000. */
  tickMs?: number;
  sender?: string;
  log?: (line: string) => void;
  /** Wraps the SES mailer (tests: SES refusing messages, which no local component plays). */
  wrapMailer?: (mailer: Mailer) => Mailer;
  /**
   * Who calls the API. Default: the local X-Identite header. `jwt`: as on AWS, bearer tokens of an
   * OpenID Connect issuer (Cognito's stand-in, infra/local/oidc) verified as API Gateway's JWT
   * authorizer does; the console signs in there (its config.json says so).
   */
  identity?: { mode: 'jwt'; issuer: string; clientId: string };
  /**
   * The accounts the service opens for porteurs (the stand-in issuer's users, so a porteur signs
   * in with the account in jwt mode). Default: a directory of the platform's own, kept in
   * `<dataDir>/users.json`.
   */
  users?: LocalUserDirectory;
}

export interface Platform {
  api: string;
  ses: string;
  sfn: string;
  dynamo: string;
  clock: PlatformClock;
  workflows: WorkflowPlatform;
  /** The dossiers' transitions as the publisher put them on the local bus (the table's change feed → publish-transitions → EventBridge). */
  transitions: { bus: LocalEventBus; busName: string; idle(): Promise<void> };
  /** Moves the clock forward to `target`, firing what falls due day by day. */
  travel(target: Date): Promise<void>;
  /** One scheduler tick now (timers, daily run if due, outbox). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const TABLE_NAME = 'inclusion-aap';
const region = 'eu-west-3';
const EVENT_BUS_NAME = 'inclusion-dossiers-local';

/** The runtime's segments at once while the API is idle (enough to overlap the journal's and LevelDB's I/O waits). */
const BACKGROUND_SEGMENTS = 4;
/** While the API answers, no segment starts, unless none has started or ended for this long (the workflows still advance under a sustained load). */
const BACKGROUND_MAX_YIELD_MS = 10;

/**
 * The transitions publisher as on AWS: the table's change feed, filtered and batched as the event
 * source mapping does, into the very publisher handler, which puts the events through the functions'
 * client on a local bus that can be read (in process: no socket on the hot path).
 */
async function startTransitions(
  dynamo: LocalDynamo,
  port: number,
  log: (line: string) => void,
  onChange: ChangeListener,
  apiFirst: ApiFirst,
) {
  const bus = await startEventBus({ port });
  const client = bus.client(region);
  const publisher = transitionsPublisher({
    put: (entries) => putEvents(client, entries),
    eventBusName: EVENT_BUS_NAME,
  });
  const mapping = mapStream({
    filter: TRANSITION_PATTERN,
    batchSize: TRANSITIONS_MAPPING.batchSize,
    retryAttempts: TRANSITIONS_MAPPING.retryAttempts,
    // The batching window, only while the API answers: the publisher's batches wait for the API (up to the window
    // AWS would wait anyway), and come whole, instead of one record at a time among the requests.
    waitForBatch: () => apiFirst.yield(TRANSITIONS_MAPPING.maxBatchingWindowSeconds * 1000),
    handler: (event) => publisher(event, localLambdaContext('publish-transitions')),
    onDropped: (record, reason) => log(`transition not published after its retries (${record.eventID}): ${reason}`),
  });
  watchChanges(dynamo.store, (table, record) => {
    onChange(table, record);
    if (table === TABLE_NAME) mapping.push(record);
  });
  return { bus, busName: EVENT_BUS_NAME, idle: () => mapping.idle() };
}

/** The work queues' partitions (GSI4PK) the scheduled runs read: the deadlines by due month, the pending emails, the unconfirmed decisions. */
const isDueMonth = (partition: string) => partition.startsWith(indexKeys.dueMonth(''));
const isPendingEmails = (partition: string) => partition === indexKeys.pendingEmails;
const isUnconfirmedDecisions = (partition: string) => partition === indexKeys.unconfirmedDecisions;

/** Where the Step Functions runtime kept its state before it had its own storage (a DynamoDB table). */
const FORMER_RUNTIME_TABLE = 'inclusion-aap-stepfunctions';

/**
 * A data directory written before the runtime had its own storage: its running executions are in a
 * DynamoDB table the runtime no longer reads, so starting on it would lose them silently.
 */
async function refuseFormerLayout(dynamo: DynamoDB, dataDir: string, runtimeDir: string): Promise<void> {
  if (existsSync(runtimeDir)) return;
  try {
    await dynamo.call('DescribeTable', { TableName: FORMER_RUNTIME_TABLE });
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return;
    throw error;
  }
  throw new Error(
    `${dataDir} was written by an earlier version of the platform, whose Step Functions executions are in the DynamoDB table ` +
      `${FORMER_RUNTIME_TABLE}, which this version no longer reads. Start on a new data directory (--data <dir>), ` +
      `or delete ${dataDir} to start afresh.`,
  );
}

/** The instant of the daily run on a Paris day. */
export function enforcementInstant(day: string, hour: number): Date {
  return new Date(startOfParisDay(day).getTime() + hour * 3_600_000);
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? (() => {});
  const hour = options.enforcementHour ?? 6;
  const services: LocalService[] = [];
  const stops: (() => Promise<void>)[] = [];
  let unlockDataDir = () => {};
  try {
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      // One platform per data directory (its DynamoDB, runtime and scheduler files): a second one is refused by name.
      unlockDataDir = lockDataDirectory(options.dataDir);
    }
    const clock = new PlatformClock({
      ...(options.dataDir ? { file: join(options.dataDir, 'clock.json') } : {}),
      ...(options.startAt ? { startAt: options.startAt } : {}),
    });
    const dynamo = await startDynalite({
      port: options.ports?.dynamo ?? 0,
      ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}),
    });
    services.push(dynamo);
    // The work queues the scheduled runs read, in memory: a run that would read nothing is left out (see work-queues.ts);
    // and when the table's next item expires (expiry-watch.ts).
    const queues = new WorkQueueMirror();
    const expiry = new ExpiryWatch(dynamo.store, TABLE_NAME, TABLE_DESIGN.timeToLiveAttribute);
    // Requests the API is answering: the background work yields to them (api-first.ts). The workflows: no
    // new segment while any is, but one once none has started or ended for BACKGROUND_MAX_YIELD_MS; 4 at
    // once otherwise. At 50 clients (bench/inbox-load.ts) the decision's p99 was ≈ 175–200 ms unbounded,
    // ≈ 85–115 ms with 4, 67–90 ms with one segment at a time while the API answers.
    const apiFirst = new ApiFirst();
    const transitions = await startTransitions(
      dynamo,
      options.ports?.events ?? 0,
      log,
      (table, record) => {
        expiry.apply(table, record);
        if (table === TABLE_NAME) queues.apply(record);
      },
      apiFirst,
    );
    services.push(transitions.bus);
    const ses = await startSes({
      port: options.ports?.ses ?? 0,
      ...(options.dataDir ? { emailsFile: join(options.dataDir, 'ses', 'emails.jsonl') } : {}),
    });
    services.push(ses);
    // The platform reaches DynamoDB in-process (no socket on its hot path); the port serves outside clients.
    const dynamoClient = dynamo.client();
    const runtimeDataDir = options.dataDir ? join(options.dataDir, 'stepfunctions') : undefined;
    if (options.dataDir && runtimeDataDir) await refuseFormerLayout(dynamoClient, options.dataDir, runtimeDataDir);
    const workflows = await startWorkflowPlatform({
      runtimeConcurrency: () => (apiFirst.busy ? 0 : BACKGROUND_SEGMENTS),
      runtimeMaxYieldMs: BACKGROUND_MAX_YIELD_MS,
      dynamo: dynamoClient,
      tableName: TABLE_NAME,
      ...(runtimeDataDir ? { runtimeDataDir } : {}),
      clock,
      sfnPort: options.ports?.sfn ?? 0,
    });
    stops.push(() => workflows.close());
    await queues.load(dynamoClient, TABLE_NAME);
    const { deps, runtime } = workflows;
    apiFirst.onIdle(() => runtime.wake());
    // The platform reaches SES in-process too (its emails in the same store); the port serves the mail viewer and outside clients.
    const sesMailer = new SesMailer({ client: ses.client(), from: options.sender ?? 'aap-inclusion-2026@pasdecalais.fr' });
    const mailer = options.wrapMailer ? options.wrapMailer(sesMailer) : sesMailer;

    // The last Paris day the daily enforcement ran (kept with the data).
    const stateFile = options.dataDir ? join(options.dataDir, 'scheduler.json') : undefined;
    let lastRunDay: string | undefined =
      stateFile && existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { lastRunDay?: string }).lastRunDay : undefined;
    // The very Lambda handlers the schedules invoke on AWS.
    const enforce = dailyEnforcementHandler(deps);
    const redeliver = redeliverDecisionsHandler(deps);
    const enforceIfDue = async () => {
      const now = clock.now();
      const today = parisDateOf(now);
      if (lastRunDay !== undefined && lastRunDay >= today) return;
      if (now < enforcementInstant(today, hour)) return;
      // The run reads the deadlines due in its window (today and its catch-up days): none, nothing to do.
      const due = queues.has(isDueMonth, addDays(today, -DEFAULT_CATCH_UP_DAYS), `${today}~`);
      const report = due ? await enforce(undefined, localLambdaContext('daily-enforcement')) : undefined;
      lastRunDay = today;
      if (stateFile) writeStateFile(stateFile, JSON.stringify({ lastRunDay }));
      if (report && report.remindersSent + report.suspended + report.missed > 0)
        log(
          `[${today}] enforcement: ${report.remindersSent} reminders, ${report.missed} missed, ${report.suspended} suspended (${report.read} read)`,
        );
    };
    const sendEmails = sendEmailsHandler({ outbox: deps.outbox, mailer, clock });
    // Run after run until a run sends nothing (on AWS the next scheduled run takes the rest), none while no email is due.
    const dueBy = (now: Date) => indexKeys.instantSortUpTo(now.toISOString());
    const sendOutbox = async () => {
      while (queues.has(isPendingEmails, '', dueBy(clock.now()))) {
        const result = await sendEmails(undefined, localLambdaContext('send-emails'));
        if (result.sent === 0) return;
      }
    };

    // One thing at a time: ticks and time travel never overlap.
    let chain: Promise<unknown> = Promise.resolve();
    const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
      const next = chain.then(work, work);
      chain = next.catch(() => {});
      return next;
    };
    const step = async () => {
      // DynamoDB's TTL, on the platform's clock: time travel expires sent emails and idempotency records.
      await expiry.expireIfDue(clock.now(), (now) => dynamo.expire(now));
      if (queues.has(isUnconfirmedDecisions, '', dueBy(clock.now()))) await redeliver(undefined, localLambdaContext('redeliver-decisions'));
      await runtime.runDueTimers();
      await runtime.idle();
      await enforceIfDue();
      await runtime.idle();
      await sendOutbox();
    };
    const tick = () => exclusive(step);
    const travel = (target: Date) =>
      exclusive(async () => {
        while (clock.now() < target) {
          const today = parisDateOf(clock.now());
          const todayRun = enforcementInstant(today, hour);
          const nextRun = clock.now() < todayRun ? todayRun : enforcementInstant(addDays(today, 1), hour);
          clock.moveTo(nextRun < target ? nextRun : target);
          await step();
        }
      });

    const jwt = options.identity;
    // In jwt mode the console signs in at the issuer: its config.json says where, its CSP lets it exchange the code there.
    const consoleHosting = jwt
      ? {
          config: { apiBaseUrl: '', identite: 'jwt', connexion: { domaine: jwt.issuer, clientId: jwt.clientId } },
          signInOrigin: new URL(jwt.issuer).origin,
        }
      : {};
    const localAnswer = async (request: Parameters<LocalRoute>[0]): Promise<LocalAnswer | undefined> => {
      if (request.path === '/_local/sante') return { status: 200, body: { statut: 'ok' } };
      if (request.path === '/openapi.json' && request.method === 'GET') return { status: 200, body: openApiDocument() };
      // The events the transitions publisher put on the local bus (what EventBridge would carry), oldest first.
      if (request.path === '/_local/evenements' && request.method === 'GET') {
        await transitions.idle();
        return { status: 200, body: { bus: transitions.busName, evenements: transitions.bus.events() } };
      }
      if (request.path === '/_local/info')
        return {
          status: 200,
          body: {
            visionneuseCourriels: ses.endpoint,
            maintenant: clock.now().toISOString(),
            jour: parisDateOf(clock.now()),
            depot: filingWindowOn(parisDateOf(clock.now())),
          },
        };
      const consoleFile = await serveConsole(request, CONSOLE_ROOT, consoleHosting);
      if (consoleFile) return consoleFile;
      if (request.path !== '/_local/horloge') return undefined;
      if (request.method === 'POST') {
        let body: { jours?: unknown; date?: unknown };
        try {
          body = JSON.parse(request.body || '{}') as typeof body;
        } catch {
          return { status: 400, body: { erreur: { code: 'json-invalide', message: 'Le corps de la demande n’est pas du JSON valide.' } } };
        }
        let target: Date | undefined;
        if (typeof body.jours === 'number' && Number.isInteger(body.jours) && body.jours > 0 && body.jours <= 3650)
          target = new Date(clock.now().getTime() + body.jours * 86_400_000);
        else if (typeof body.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.date)) target = enforcementInstant(body.date, hour);
        if (!target || target <= clock.now()) {
          return {
            status: 422,
            body: {
              erreur: {
                code: 'horloge-invalide',
                message: 'Indiquez { "jours": n } (1 à 3650) ou { "date": "AAAA-MM-JJ" } postérieure à la date de la plateforme.',
              },
            },
          };
        }
        await travel(target);
      }
      return { status: 200, body: { maintenant: clock.now().toISOString(), jour: parisDateOf(clock.now()) } };
    };
    // Decided at once for the API's paths (none of these): an API request does not await a promise for them.
    const localRoutes: LocalRoute = (request) =>
      request.path.startsWith('/_local/') || request.path === '/openapi.json' || isConsolePath(request.path)
        ? localAnswer(request)
        : undefined;
    let consoleUrl = '';
    const accounts: AccountDeps = {
      requests: new DynamoAccountRequestStore({ client: dynamoClient, tableName: TABLE_NAME }),
      directory: new LocalAccountDirectory(
        options.users ?? new LocalUserDirectory(options.dataDir ? { file: join(options.dataDir, 'users.json') } : {}),
        mailer,
        () => consoleUrl,
      ),
      now: () => clock.now(),
    };
    // The API's very Lambda handlers (middy, Powertools' logger and metrics), one per group of routes
    // as on AWS, each with a Lambda context per request of its function's name.
    const apiHandlers = Object.fromEntries(
      API_GROUPS.map((group) => {
        const lambda = apiHandler(group, deps, needsAccounts(group) ? { accounts } : {});
        const context = localLambdaContext(`api-${group.name}`);
        const handle = (event: HttpEvent) =>
          apiFirst.serve(
            async () =>
              (await lambda(event, { ...context, awsRequestId: event.requestContext.requestId })) as APIGatewayProxyStructuredResultV2,
          );
        return [group.name, handle];
      }),
    );
    const api = await startHttpApiServer({
      handlers: apiHandlers,
      localRoutes,
      port: options.ports?.api ?? 0,
      ...(jwt ? { authorize: jwtAuthorizer({ issuer: jwt.issuer, audience: [jwt.clientId] }) } : {}),
    });
    stops.unshift(() => api.close());
    consoleUrl = `${api.endpoint}/console/`;

    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const loop = () => {
      if (stopped) return;
      timer = setTimeout(() => {
        tick().then(loop, (error: unknown) => {
          log(`scheduler error: ${String((error as Error)?.stack ?? error)}`);
          loop();
        });
      }, options.tickMs ?? 1000);
    };
    await tick();
    loop();

    return {
      api: api.endpoint,
      ses: ses.endpoint,
      sfn: workflows.sfn.endpoint,
      dynamo: dynamo.endpoint,
      clock,
      workflows,
      transitions,
      travel,
      tick,
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await chain;
        for (const stop of stops) await stop();
        for (const service of services.reverse()) await service.close();
        unlockDataDir();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    for (const service of services.reverse()) await service.close().catch(() => {});
    unlockDataDir();
    throw error;
  }
}

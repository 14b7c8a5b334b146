/**
 * The whole system on one machine (`npm start`): DynamoDB (dynalite, on disk unless memory-only),
 * SES (aws-ses-v2-local and its mail viewer), the durable Step Functions runtime with the
 * project's three state machines, the HTTP API (each group's Lambda handler fed API Gateway events), the
 * outbox sender, and the scheduler running the daily enforcement at its hour on the platform
 * clock. Time travel moves that clock forward day by day, firing every timer and every daily run
 * in order. Everything the AWS stack runs, in one process, on the same code: the engine (DynamoDB,
 * the runtime and the workflow functions, the change feed, the scheduler's sweeps) in a worker
 * thread (engine-thread.ts), the API, SES and the outbox sender on this one.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Ses } from '#adapters/aws/ses.ts';
import { SesMailer } from '#adapters/ses/ses-mailer.ts';
import { sendEmailsHandler } from '#functions/outbox/handlers.ts';
import type { Mailer } from '#domain/notifications/mailer.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { addDays } from '#domain/time/iso-date.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { apiHandler, type HttpEvent } from '#functions/api/app.ts';
import { needsAccounts } from '#functions/api/group.ts';
import { API_GROUPS } from '#functions/api/groups/index.ts';
import type { StepFunctions } from '#adapters/aws/stepfunctions.ts';
import type { MachineName } from '#workflows/definitions.ts';
import { CONSOLE_ROOT, serveConsole } from '../../console/serve.ts';
import { openApiDocument } from '#functions/api/openapi.ts';
import { LOCAL_ACCOUNT } from './account.ts';
import { startEngine } from './engine.ts';
import { EVENT_BUS_NAME, TABLE_NAME } from './engine-names.ts';
import type { BusEvent } from './events/bus.ts';
import { filingWindowOn } from './first-screen.ts';
import { enforcementInstant, PlatformClock } from './platform-clock.ts';
import { startHttpApiServer, type LocalRoute } from './http-api-server.ts';
import { jwtAuthorizer } from './jwt-authorizer.ts';
import { localLambdaContext } from './lambda-context.ts';
import { LocalAccountDirectory } from './oidc/local-account-directory.ts';
import { LocalUserDirectory } from './oidc/users.ts';
import { DynamoAccountRequestStore } from '#adapters/dynamodb/account-requests.ts';
import type { AccountDeps } from '#domain/accounts/account-requests.ts';
import type { LocalService } from './listen.ts';
import { startSes } from './ses/ses.ts';
import { lockDataDirectory } from './stepfunctions/data-dir-lock.ts';
import { engineDeps } from './engine-deps.ts';

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
  /** Installs the benchmark's DynamoDB counters in the engine before dynalite loads (bench/counters.ts; read with `counters()`). */
  counters?: boolean;
}

export interface Platform {
  api: string;
  ses: string;
  sfn: string;
  dynamo: string;
  clock: PlatformClock;
  /** The functions' dependencies as the API's handlers have them (their calls cross to the engine's thread), the machines, a Step Functions client. */
  workflows: { deps: EngineDeps; tableName: string; machineArns: Record<MachineName, string>; stepFunctions: StepFunctions };
  /** The dossiers' transitions as the publisher put them on the local bus (the table's change feed → publish-transitions → EventBridge). */
  transitions: { busName: string; events(bus?: string): Promise<BusEvent[]>; idle(): Promise<void> };
  /** Started with `counters`: the benchmark's counters, read in the engine (bench/campaign-counters.ts). */
  counters(): Promise<unknown>;
  /** The engine thread's CPU time so far (ms) and its live heap (MB, after a full GC when `gc` is exposed). */
  engineUsage(): Promise<{ cpuMs: number; liveHeapMb: number }>;
  /** Moves the clock forward to `target`, firing what falls due day by day. */
  travel(target: Date): Promise<void>;
  /** One scheduler tick now (timers, daily run if due, outbox). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = LOCAL_ACCOUNT.region;

export { enforcementInstant };

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
    const ses = await startSes({
      port: options.ports?.ses ?? 0,
      ...(options.dataDir ? { emailsFile: join(options.dataDir, 'ses', 'emails.jsonl') } : {}),
    });
    services.push(ses);
    // The engine (DynamoDB, the Step Functions runtime and the workflow functions, the change feed,
    // the scheduler's sweeps) on the second core; the API, SES and the outbox sender stay here.
    const engine = await startEngine({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ports: { dynamo: options.ports?.dynamo ?? 0, sfn: options.ports?.sfn ?? 0, events: options.ports?.events ?? 0 },
      clock: clock.shared,
      enforcementHour: hour,
      ses: ses.endpoint,
      ...(options.counters ? { counters: true } : {}),
      log,
    });
    stops.push(() => engine.close());
    const machineArns = engine.machineArns as Record<MachineName, string>;
    const deps = engineDeps({ dynamo: engine.dynamo, tableName: TABLE_NAME, clock, stepFunctions: engine.stepFunctions, machineArns });
    const sesClient = new Ses({ endpoint: ses.endpoint, region, credentials });
    const sesMailer = new SesMailer({ client: sesClient, from: options.sender ?? 'aap-inclusion-2026@pasdecalais.fr' });
    const mailer = options.wrapMailer ? options.wrapMailer(sesMailer) : sesMailer;
    const sendEmails = sendEmailsHandler({ outbox: deps.outbox, mailer, clock });
    // Run after run until a run sends nothing (on AWS the next scheduled run takes the rest).
    const sendOutbox = async () => {
      for (;;) {
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
      await engine.step();
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
    const localRoutes: LocalRoute = async (request) => {
      if (request.path === '/_local/sante') return { status: 200, body: { statut: 'ok' } };
      if (request.path === '/openapi.json' && request.method === 'GET') return { status: 200, body: openApiDocument() };
      // The events the transitions publisher put on the local bus (what EventBridge would carry), oldest first.
      if (request.path === '/_local/evenements' && request.method === 'GET') {
        await engine.transitionsIdle();
        return { status: 200, body: { bus: EVENT_BUS_NAME, evenements: await engine.events() } };
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
    let consoleUrl = '';
    const accounts: AccountDeps = {
      requests: new DynamoAccountRequestStore({ client: engine.dynamo, tableName: TABLE_NAME }),
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
        const handle = async (event: HttpEvent) => {
          const done = engine.apiRequest();
          try {
            return (await lambda(
              event,
              localLambdaContext(`api-${group.name}`, event.requestContext.requestId),
            )) as APIGatewayProxyStructuredResultV2;
          } finally {
            done();
          }
        };
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
      sfn: engine.endpoints.sfn,
      dynamo: engine.endpoints.dynamo,
      clock,
      workflows: { deps, tableName: TABLE_NAME, machineArns, stepFunctions: engine.stepFunctions },
      transitions: {
        busName: EVENT_BUS_NAME,
        events: async (bus) => (await engine.events()).filter((event) => !bus || event.bus === bus),
        idle: () => engine.transitionsIdle(),
      },
      counters: () => engine.counters(),
      engineUsage: () => engine.usage(),
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

/**
 * (2) The local runtime's price for durability: the project's three definitions (substituted as
 * the platform does) carry N dossiers through the common life — instruction, execution with a
 * comité, bilan, closure — with the same in-memory task functions and callbacks answered in
 * memory, run
 *  - by plain aws-local-stepfunctions (its StateMachine class, on the copy the durable runtime
 *    itself gives the library: `segmentDefinition`, observed as the runtime observes it: `onEvent`),
 *    one run per execution, nothing stored;
 *  - by the durable runtime (LocalStepFunctions on a fresh data directory): every segment's
 *    commit, every token and every answer journaled, histories written to its history log.
 * The two are measured in pairs, back to back in the same process (the order alternating, a full
 * collection before each measured part); the ratio is the median of the pairs' ratios, of wall time and of CPU time.
 *
 * Then (`--restart N`) the restart of a runtime whose data directory holds N dossier lives: its time,
 * the records it replays, the size of its snapshot, journal and history log.
 *
 * Run alone: `node bench/durability.ts --n 200 --runs 9 --restart 1000`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { systemClock } from '#domain/time/clock.ts';
import { DURABLE_EXECUTION_CONTEXT_KEY, segmentDefinition, taskKindOf, type AslDefinition } from '#infra/local/stepfunctions/definition.ts';
import { LocalStepFunctions } from '#infra/local/stepfunctions/index.ts';
import { localSubstitutions } from '#infra/local/workflow-platform.ts';
import { MACHINES, substitute, type MachineName } from '#workflows/definitions.ts';
import { median, progress, round, timed } from './lib.ts';

type Answer = { kind: 'success'; output: Record<string, unknown> } | { kind: 'failure'; error: string };

/** How the humans answer each step (the operation monitor's callback ends by its timeout, as when the operation ends). */
function answerOf(step: string): Answer {
  const decisions: Record<string, string> = {
    'completeness-check': 'complete',
    'chief-validation': 'approve',
    'cp-decision': 'favourable',
    'convention-signature': 'signed',
    bilan: 'received',
    'bilan-review': 'accept',
  };
  if (step === 'operation-monitor') return { kind: 'failure', error: 'States.Timeout' };
  const decision = decisions[step];
  if (!decision) throw new Error(`no answer for step ${step}`);
  return { kind: 'success', output: { decision } };
}

/** The three workflow functions, in memory. `onTask` is told of each callback token; `onClosed` of each closed dossier. */
function taskFunctions(onTask: (token: string, answer: Answer) => void, onClosed: (dossierId: string) => void) {
  const events = new Map<string, number>();
  const EXECUTION_EVENTS = ['comite-scheduled', 'comite-held'];
  const plan = (step: string) => ({
    step,
    dueAt: '2027-12-31T22:59:59.000Z',
    timeoutSeconds: 30 * 86_400,
    handOver: false,
    onTimeout: step === 'operation-monitor' ? 'operation-ended' : 'escalate',
  });
  const act = (p: any) => {
    if (p.action === 'next-execution-event') {
      const seen = events.get(p.dossierId) ?? 0;
      events.set(p.dossierId, seen + 1);
      return { type: EXECUTION_EVENTS[seen] ?? 'none', eventId: `e${seen}` };
    }
    if (p.action === 'close-dossier') onClosed(p.dossierId);
    return { outcome: p.action === 'pay-installment' ? 'paid' : 'done' };
  };
  return {
    'plan-step': async (p: any) => plan(p.step),
    'create-task': async (p: any) => {
      onTask(p.taskToken, answerOf(p.step));
      return { taskId: `task-${p.step}` };
    },
    // As domain/workflow/apply-action.ts: the action, the actions folded after it (`andThen`), then the plan of the step it leads to (unless `planUnless` routes the result elsewhere).
    'apply-action': async (p: any) => {
      let result = act(p);
      for (const next of p.andThen ?? []) result = act({ ...p, ...next });
      if (p.plan === undefined) return result;
      if (!p.planUnless) return { ...result, plan: plan(p.plan) };
      // `planUnless`: the result routes elsewhere (a dispatch rule matches it) — no plan, the ids carried on.
      const routedElsewhere = Object.entries(p.planUnless as Record<string, string[]>).some(([field, values]) =>
        values.includes(String((result as Record<string, unknown>)[field])),
      );
      return { ...result, dossierId: p.dossierId, generation: p.generation, plan: routedElsewhere ? null : plan(p.plan) };
    },
  } as Record<string, (payload: unknown) => Promise<unknown>>;
}

const stateError = (name: string) => Object.assign(new Error(name), { name });
const functionName = (arn: unknown) => String(arn).split(':').pop()!;

/**
 * A full collection (V8's `gc`, made available here) right before each measured part: no run pays
 * for the garbage of the one before it, nor for that of its own setup (registering the definitions
 * validates them: tens of MB of garbage the measured part would otherwise collect).
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Plain aws-local-stepfunctions: every execution one run of the library, callbacks as in-memory promises. */
export async function runPlain(n: number): Promise<{ ms: number; cpuMs: number; transitions: number }> {
  const definitions = Object.fromEntries(MACHINES.map((m) => [m, substitute(m, localSubstitutions())])) as Record<
    MachineName,
    AslDefinition
  >;
  const waiting = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let tokens = 0;
  let closed = 0;
  let transitions = 0;
  const runs: Promise<unknown>[] = [];
  let done: () => void = () => {};
  const allClosed = new Promise<void>((resolve) => (done = resolve));
  const fns = taskFunctions(
    (token, answer) =>
      setImmediate(() => {
        const w = waiting.get(token)!;
        waiting.delete(token);
        if (answer.kind === 'success') w.resolve(answer.output);
        else w.reject(stateError(answer.error));
      }),
    () => {
      if (++closed === n) done();
    },
  );
  const machines = new Map<MachineName, { machine: StateMachine; handlers: Record<string, (input: any) => Promise<unknown>> }>();
  for (const name of MACHINES) {
    const copy = segmentDefinition(definitions[name], definitions[name].StartAt);
    const handlers: Record<string, (input: any) => Promise<unknown>> = {};
    for (const [state, def] of Object.entries(definitions[name].States)) {
      const kind = def.Type === 'Task' ? taskKindOf(def.Resource) : undefined;
      if (kind === 'lambda')
        handlers[state] = async (input) => ({ Payload: await fns[functionName(input.FunctionName)]!(input.Payload), StatusCode: 200 });
      if (kind === 'lambda-callback') {
        handlers[state] = (input) =>
          new Promise((resolve, reject) => {
            waiting.set(input.Payload.taskToken, { resolve, reject });
            void fns[functionName(input.FunctionName)]!(input.Payload);
          });
      }
      if (kind === 'start-execution') {
        handlers[state] = async (input) => {
          const arn = start(functionName(input.StateMachineArn) as MachineName, String(input.Name), input.Input);
          return { ExecutionArn: arn, StartDate: Date.now() };
        };
      }
    }
    machines.set(name, {
      machine: new StateMachine(copy as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } }),
      handlers,
    });
  }
  function start(name: MachineName, executionName: string, input: unknown): string {
    const { machine, handlers } = machines.get(name)!;
    const arn = `arn:aws:states:eu-west-3:000000000000:execution:${name}:${executionName}`;
    const execution = { Id: arn, Name: executionName, RoleArn: 'arn:aws:iam::000000000000:role/local', RedriveCount: 0 };
    const context = {
      Execution: execution,
      [DURABLE_EXECUTION_CONTEXT_KEY]: { ...execution, Input: input, StartTime: new Date().toISOString() },
      StateMachine: { Id: `arn:aws:states:eu-west-3:000000000000:stateMachine:${name}`, Name: name },
      Task: {
        get Token() {
          return `token-${++tokens}`;
        },
      },
    };
    // Transitions counted as the durable runtime observes its runs: the events as they happen (`onEvent`, patched in).
    const onEvent = (event: { type: string }) => {
      if (event.type === 'StateEntered') transitions++;
    };
    const run = machine.run(input as never, { overrides: { taskResourceLocalHandlers: handlers as never }, context, onEvent });
    runs.push(run.result);
    return arn;
  }
  collectGarbage();
  const { ms, cpuMs } = await timed(async () => {
    for (let i = 0; i < n; i++) start('instruction', `d${i}-instruction-1`, { dossierId: `d${i}`, generation: 1 });
    await allClosed;
    await Promise.all(runs);
  });
  return { ms, cpuMs, transitions };
}

/** Every page of a paginated list call (pages of at most 1,000, as AWS serves them). */
async function allPages<T>(call: (nextToken?: string) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(nextToken);
    all.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/** The durable runtime on a fresh data directory (or `keepIn`, kept), the same functions; callbacks answered through its API. */
export async function runDurable(n: number, keepIn?: string): Promise<{ ms: number; cpuMs: number; transitions: number; records: number }> {
  const dataDir = keepIn ?? mkdtempSync(join(tmpdir(), 'bench-durable-'));
  let closed = 0;
  let done: () => void = () => {};
  const allClosed = new Promise<void>((resolve) => (done = resolve));
  const failures: unknown[] = [];
  let runtime: LocalStepFunctions | undefined;
  const fns = taskFunctions(
    (taskToken, answer) =>
      setImmediate(() => {
        const sent =
          answer.kind === 'success'
            ? runtime!.sendTaskSuccess({ taskToken, output: JSON.stringify(answer.output) })
            : runtime!.sendTaskFailure({ taskToken, error: answer.error, cause: '' });
        sent.catch((error: unknown) => failures.push(error));
      }),
    () => {
      if (++closed === n) done();
    },
  );
  runtime = new LocalStepFunctions({
    dataDir,
    clock: systemClock,
    functions: fns,
    onInternalError: (e) => failures.push(e),
  });
  const arns = Object.fromEntries(
    MACHINES.map((m) => [m, runtime!.registerStateMachine(m, substitute(m, localSubstitutions()))]),
  ) as Record<MachineName, string>;
  await runtime.start();
  try {
    collectGarbage();
    const { ms, cpuMs } = await timed(async () => {
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          runtime!.startExecution({
            stateMachineArn: arns.instruction,
            name: `d${i}-instruction-1`,
            input: JSON.stringify({ dossierId: `d${i}`, generation: 1 }),
          }),
        ),
      );
      await allClosed;
      await runtime!.idle();
    });
    if (failures.length > 0) throw new Error(`durable runtime: ${failures.length} failures, first: ${String(failures[0])}`);
    const records = runtime.storageStats().recordsWritten;
    let transitions = 0;
    for (const m of MACHINES) {
      const executions = await allPages(async (nextToken) => {
        const page = await runtime!.listExecutions({ stateMachineArn: arns[m], maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
        return { items: page.executions, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      });
      for (const e of executions) {
        if (e.status !== 'SUCCEEDED') throw new Error(`${e.name}: ${e.status}`);
        const events = await allPages(async (nextToken) => {
          const page = await runtime!.getExecutionHistory({
            executionArn: e.executionArn,
            maxResults: 1000,
            ...(nextToken ? { nextToken } : {}),
          });
          return { items: page.events, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
        });
        transitions += events.filter((x) => x.type.endsWith('StateEntered')).length;
      }
    }
    return { ms, cpuMs, transitions, records };
  } finally {
    await runtime.close();
    if (!keepIn) rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface RestartResult {
  /** Dossier lives the data directory holds. */
  n: number;
  /** From `start()` to idle: the data directory taken, the state rebuilt from snapshot and journal, its work re-run. */
  ms: number;
  recordsReplayed: number;
  snapshotMb: number;
  journalMb: number;
  historyMb: number;
}

/** The restart time of a runtime whose data directory holds `n` dossier lives, and the size of what it holds. */
export async function measureRestart(n: number): Promise<RestartResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-restart-'));
  try {
    await runDurable(n, dataDir);
    const runtime = new LocalStepFunctions({ dataDir, clock: systemClock, functions: {} });
    for (const m of MACHINES) runtime.registerStateMachine(m, substitute(m, localSubstitutions()));
    const { ms } = await timed(async () => {
      await runtime.start();
      await runtime.idle();
    });
    const stats = runtime.storageStats();
    await runtime.close();
    const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
    return {
      n,
      ms: round(ms, 0),
      recordsReplayed: stats.recordsReplayed,
      snapshotMb: mb(stats.snapshotBytes),
      journalMb: mb(stats.journalBytes),
      historyMb: mb(stats.historyBytes),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface DurabilityResult {
  n: number;
  /** Measured pairs (one plain run and one durable run each, back to back). */
  runs: number;
  transitionsPerDossier: number;
  plainMs: number;
  durableMs: number;
  plainTransitionsPerSecond: number;
  durableTransitionsPerSecond: number;
  /** durable / plain time: the median of the pairs' ratios. */
  ratio: number;
  /** The lowest and highest pair ratio. */
  ratioRange?: [number, number];
  /** CPU of the process during each run (median), per dossier: steadier than wall time on a busy machine. */
  plainCpuMsPerDossier: number;
  durableCpuMsPerDossier: number;
  /** durable / plain CPU: the median of the pairs' ratios. */
  cpuRatio: number;
  cpuRatioRange?: [number, number];
  /** Records the durable runtime wrote to its journal, per dossier. */
  recordsPerDossier: number;
  restart?: RestartResult;
}

export async function runDurability(n: number, runs: number, restartN = 0): Promise<DurabilityResult> {
  // Warm-up of both paths (module loading, JIT), at the measured size: the durable path has more code to optimise.
  await runPlain(n);
  await runDurable(n);
  const pairs: { plain: Awaited<ReturnType<typeof runPlain>>; durable: Awaited<ReturnType<typeof runDurable>> }[] = [];
  for (let r = 0; r < runs; r++) {
    // Back to back, so that both runs of a pair meet the same load on a shared machine; the order alternates.
    let plain: Awaited<ReturnType<typeof runPlain>>;
    let durable: Awaited<ReturnType<typeof runDurable>>;
    if (r % 2 === 0) {
      plain = await runPlain(n);
      durable = await runDurable(n);
    } else {
      durable = await runDurable(n);
      plain = await runPlain(n);
    }
    if (plain.transitions !== durable.transitions)
      throw new Error(`transitions differ: plain ${plain.transitions}, durable ${durable.transitions}`);
    pairs.push({ plain, durable });
    progress(
      `durability pair ${r + 1}/${runs}: plain ${round(plain.ms, 0)} ms (CPU ${round(plain.cpuMs, 0)}), durable ${round(durable.ms, 0)} ms (CPU ${round(durable.cpuMs, 0)}): ${round(durable.ms / plain.ms, 2)} × (CPU ${round(durable.cpuMs / plain.cpuMs, 2)} ×) (${durable.transitions} transitions, ${durable.records} records)`,
    );
  }
  const last = pairs[pairs.length - 1]!;
  const plainMs = median(pairs.map((p) => p.plain.ms));
  const durableMs = median(pairs.map((p) => p.durable.ms));
  const ratios = pairs.map((p) => p.durable.ms / p.plain.ms);
  const cpuRatios = pairs.map((p) => p.durable.cpuMs / p.plain.cpuMs);
  const range = (values: number[]): [number, number] => [round(Math.min(...values), 2), round(Math.max(...values), 2)];
  return {
    n,
    runs,
    transitionsPerDossier: round(last.durable.transitions / n, 1),
    plainMs: round(plainMs, 0),
    durableMs: round(durableMs, 0),
    plainTransitionsPerSecond: round(last.durable.transitions / (plainMs / 1000), 0),
    durableTransitionsPerSecond: round(last.durable.transitions / (durableMs / 1000), 0),
    ratio: round(median(ratios), 2),
    ratioRange: range(ratios),
    plainCpuMsPerDossier: round(median(pairs.map((p) => p.plain.cpuMs)) / n, 2),
    durableCpuMsPerDossier: round(median(pairs.map((p) => p.durable.cpuMs)) / n, 2),
    cpuRatio: round(median(cpuRatios), 2),
    cpuRatioRange: range(cpuRatios),
    recordsPerDossier: round(last.durable.records / n, 1),
    ...(restartN > 0 ? { restart: await measureRestart(restartN) } : {}),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { n: { type: 'string', default: '200' }, runs: { type: 'string', default: '9' }, restart: { type: 'string', default: '0' } },
  });
  console.log(JSON.stringify(await runDurability(Number(values.n), Number(values.runs), Number(values.restart))));
  process.exit(0);
}

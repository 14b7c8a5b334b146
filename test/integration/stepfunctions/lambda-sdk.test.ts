/**
 * The local runtime never calls Lambda in AWS (every Task state runs a local handler), so the AWS
 * SDK's Lambda client and credential providers that aws-local-stepfunctions imports for that are
 * loaded only when a state would call AWS (patches/aws-local-stepfunctions+3.0.0.patch): ≈ 6–10 MB
 * of the platform's memory otherwise (bench/campaign.ts --n 1000, peak RSS).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `body` in a fresh Node process at the project's root; prints the packages it resolved, by name. */
function packagesResolvedBy(body: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const resolved = new Set();
    registerHooks({ resolve(specifier, context, next) { resolved.add(specifier); return next(specifier, context); } });
    ${body}
    console.log(JSON.stringify([...resolved].filter((s) => s.startsWith('@aws-sdk/'))));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as string[];
}

const TASK_MACHINE = JSON.stringify({
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-3:123456789012:function:work', End: true } },
});

describe('aws-local-stepfunctions and the AWS SDK', () => {
  it('a state machine whose Task states run local handlers loads no AWS SDK module', () => {
    const loaded = packagesResolvedBy(`
      const { StateMachine } = await import('aws-local-stepfunctions');
      const machine = new StateMachine(${TASK_MACHINE});
      const result = await machine.run({ n: 1 }, { overrides: { taskResourceLocalHandlers: { Work: async (input) => ({ done: input.n }) } } }).result;
      if (result.done !== 1) throw new Error('unexpected result ' + JSON.stringify(result));`);
    expect(loaded).toEqual([]);
  });

  it('a Task state without a local handler loads the Lambda client to call AWS', () => {
    const loaded = packagesResolvedBy(`
      process.env.AWS_REGION = 'eu-west-3';
      process.env.AWS_ACCESS_KEY_ID = 'x';
      process.env.AWS_SECRET_ACCESS_KEY = 'x';
      process.env.AWS_ENDPOINT_URL_LAMBDA = 'http://127.0.0.1:9';
      process.env.AWS_MAX_ATTEMPTS = '1';
      const { StateMachine } = await import('aws-local-stepfunctions');
      const error = await new StateMachine(${TASK_MACHINE}).run({}).result.catch((e) => e);
      if (!(error instanceof Error)) throw new Error('the call to an unreachable Lambda endpoint succeeded');`);
    expect(loaded).toContain('@aws-sdk/client-lambda');
  });
});

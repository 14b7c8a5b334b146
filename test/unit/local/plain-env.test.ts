import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const PLAIN_ENV = new URL('../../../infra/local/plain-env.ts', import.meta.url).href;

/** Runs `body` in a child process after usePlainProcessEnv(); its stdout parsed as JSON. */
function inChild(body: string, env: NodeJS.ProcessEnv = {}) {
  const script = `const { usePlainProcessEnv } = await import(${JSON.stringify(PLAIN_ENV)});
    const before = process.env;
    usePlainProcessEnv();
    ${body}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('the platform process reads its environment from a plain copy', () => {
  it('holds every variable of the process, as a plain object', () => {
    const out = inChild(
      `console.log(JSON.stringify({ plain: Object.getPrototypeOf(process.env) === Object.prototype && process.env !== before,
        same: JSON.stringify(Object.entries(process.env).sort()) === JSON.stringify(Object.entries(before).sort()),
        set: process.env.PLAIN_ENV_TEST, unset: process.env.PLAIN_ENV_ABSENT ?? null }));`,
      { PLAIN_ENV_TEST: 'présent' },
    );
    expect(out).toEqual({ plain: true, same: true, set: 'présent', unset: null });
  });

  it('a variable set afterwards reaches a child process', () => {
    const out = inChild(
      `process.env.PLAIN_ENV_LATER = 'plus tard';
      const { execFileSync } = await import('node:child_process');
      console.log(execFileSync(process.execPath, ['-e', 'console.log(JSON.stringify({ later: process.env.PLAIN_ENV_LATER }))'], { encoding: 'utf8' }));`,
    );
    expect(out).toEqual({ later: 'plus tard' });
  });
});

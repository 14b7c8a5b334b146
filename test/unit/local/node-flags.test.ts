import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPlatformEnvironment, hasPlatformFlags, PLATFORM_ENV, PLATFORM_NODE_FLAGS } from '#infra/local/node-flags.ts';

const scripts = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

describe('the V8 flags of the local platform', () => {
  it.each(['start', 'demo'])('npm run %s passes every one of them', (script) => {
    const command = scripts[script]!;
    expect(command.startsWith('node ')).toBe(true);
    expect(hasPlatformFlags(command.split(/\s+/))).toBe(true);
  });

  it('Node and V8 know every one of them (a misspelt flag would stop `npm start` at once)', () => {
    const run = spawnSync(process.execPath, [...PLATFORM_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('a process without one of them lacks them', () => {
    expect(PLATFORM_NODE_FLAGS.length).toBeGreaterThan(0);
    expect(hasPlatformFlags([])).toBe(false);
    expect(hasPlatformFlags([...PLATFORM_NODE_FLAGS])).toBe(true);
  });
});

describe('the environment of the local platform', () => {
  it('npm start imports platform-env.ts before anything else, and nothing else statically', () => {
    // A static import is loaded and parsed before platform-env.ts runs: the whole platform would be parsed twice.
    const start = readFileSync(new URL('../../../infra/local/start.ts', import.meta.url), 'utf8');
    expect(start.match(/^import .*$/gm)).toEqual(["import './platform-env.ts';"]);
  });

  it.runIf(process.platform === 'linux')('a process that lacks it replaces itself (same pid) by one that has it', () => {
    const env = { ...process.env };
    for (const name of Object.keys(PLATFORM_ENV)) delete env[name];
    const script = `await import(${JSON.stringify(new URL('../../../infra/local/platform-env.ts', import.meta.url).href)});
      console.log(JSON.stringify({ pid: process.pid, env: process.env, argv: process.argv.slice(1) }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', 'kept'], { env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { pid: number; env: NodeJS.ProcessEnv; argv: string[] };
    expect(out.pid).toBe(run.pid);
    expect(hasPlatformEnvironment(out.env)).toBe(true);
    expect(hasPlatformEnvironment(env)).toBe(false);
    expect(out.argv).toContain('kept');
  });

  it.runIf(process.platform === 'linux')(
    'a TypeScript entry replaces itself (same pid, same arguments) by itself built into JavaScript, in that environment',
    () => {
      const env = { ...process.env };
      for (const name of Object.keys(PLATFORM_ENV)) delete env[name];
      const entry = fileURLToPath(new URL('../../support/fixtures/built-entry/platform-entry.ts', import.meta.url));
      const run = spawnSync(process.execPath, [entry, 'kept'], { env, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { pid: number; env: NodeJS.ProcessEnv; argv: string[]; url: string };
      expect(out.pid).toBe(run.pid);
      expect(hasPlatformEnvironment(out.env)).toBe(true);
      expect(out.argv).toEqual([
        expect.stringMatching(/node_modules\/\.cache\/inclusion-aap\/[0-9a-f]{12}\/test-support-fixtures-built-entry-platform-entry\.mjs$/),
        'kept',
      ]);
      expect(out.url).toBe(pathToFileURL(out.argv[0]!).href);
    },
  );
});

/**
 * infra/local/built-entry.ts: a TypeScript entry built into one JavaScript file that Node runs as
 * it ran the sources — our modules in the file, the packages loaded from node_modules, each module
 * with its source's `import.meta` and the entry with the built file's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEntry } from '#infra/local/built-entry.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../support/fixtures/built-entry/${name}`, import.meta.url));

describe('an entry built into JavaScript', () => {
  it('runs as its sources did, each module where its source is, the entry where the built file is', async () => {
    const script = await buildEntry(fixture('entry.ts'));
    expect(script).toMatch(/\/node_modules\/\.cache\/inclusion-aap\/[0-9a-f]{12}\/test-support-fixtures-built-entry-entry\.mjs$/);
    expect(script).toBe(realpathSync(script));
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      entryUrl: pathToFileURL(script).href,
      entryMain: true,
      moduleMeta: {
        url: pathToFileURL(fixture('module.ts')).href,
        main: false,
        dirname: dirname(fixture('module.ts')),
        filename: fixture('module.ts'),
      },
      argv1: script,
      parsed: 'zod',
    });
    const code = readFileSync(script, 'utf8');
    expect(code).not.toMatch(/from\s+["'][^"']*\.ts["']/); // every module of ours is in the file
    expect(code).toMatch(/from\s+["']zod\/mini["']/); // a package is not: Node loads it from node_modules
  });

  it('refuses an entry that does not build, naming the error', async () => {
    await expect(buildEntry(fixture('missing.ts'))).rejects.toThrow(/missing\.ts/);
  });
});

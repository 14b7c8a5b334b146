import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasPlatformFlags, PLATFORM_NODE_FLAGS } from '#infra/local/node-flags.ts';

const scripts = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

describe('the V8 flags of the local platform', () => {
  it.each(['start', 'demo'])('npm run %s passes every one of them', (script) => {
    const command = scripts[script]!;
    expect(command.startsWith('node ')).toBe(true);
    expect(hasPlatformFlags(command.split(/\s+/))).toBe(true);
  });

  it('a process without one of them lacks them', () => {
    expect(PLATFORM_NODE_FLAGS.length).toBeGreaterThan(0);
    expect(hasPlatformFlags([])).toBe(false);
    expect(hasPlatformFlags([...PLATFORM_NODE_FLAGS])).toBe(true);
  });
});

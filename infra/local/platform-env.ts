/**
 * Imported first by the platform's entry point (start.ts): the process starts again, the same pid,
 * with the platform's environment (node-flags.ts) and from its entry built into JavaScript
 * (built-entry.ts). Run from the built file, or where the process cannot replace itself, it goes on.
 */
import { buildEntry } from './built-entry.ts';
import { canReplaceItself, ensurePlatformEnvironment } from './node-flags.ts';

const entry = process.argv[1];
ensurePlatformEnvironment(entry?.endsWith('.ts') && canReplaceItself() ? await builtOrNot(entry) : undefined);

/** The entry built, or none (the process runs its sources) if it cannot be built here, said once on stderr. */
async function builtOrNot(entry: string): Promise<string | undefined> {
  try {
    return await buildEntry(entry);
  } catch (error) {
    console.error(`the platform runs from its TypeScript sources: building ${entry} failed (${(error as Error).message})`);
    return undefined;
  }
}

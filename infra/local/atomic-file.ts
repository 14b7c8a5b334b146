/** A small state file written so that a kill at any moment leaves the old content or the new, never half of it. */
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomic(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

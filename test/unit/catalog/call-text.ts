/**
 * The call's text, the source of the catalog: ../shared/domain/ from the repository root.
 * Read without fallback: if the file is missing, the tests that need it fail.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CALL_TEXT_PATH = fileURLToPath(new URL('../../../../shared/domain/appel-a-projets-inclusion-2026.txt', import.meta.url));

export function readCallText(): string {
  return readFileSync(CALL_TEXT_PATH, 'utf8');
}

/** Whitespace (including no-break spaces) collapsed to one space: for wordings quoted inside a sentence. */
export function normalizeSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The call's numbered list lines `<code>\t<title>`: code → title, trailing whitespace trimmed. */
export function dispositifLinesOfCall(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(\d\.\d{1,2})\s+(.+?)\s*$/.exec(line);
    if (m?.[1] && m[2]) {
      if (out.has(m[1])) throw new Error(`dispositif ${m[1]} listed twice in the call`);
      out.set(m[1], m[2]);
    }
  }
  return out;
}

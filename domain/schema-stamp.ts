/**
 * A short stamp of a zod schema's structure: what a stored document validated by it carries, so
 * that a reader running the same schema may trust it instead of validating it again
 * (domain/workflow/state.ts). Two schemas get the same stamp when their definitions agree on every
 * type, member (in order), optionality, default, enum value, literal and check with its
 * parameters; functions (a refinement's predicate, an error message's builder) count only by their
 * place, since their source text changes with the bundler: `revision` is what a change of their
 * meaning bumps. Computed once per process, at import: ≈ 1–3 ms of CPU cold for the workflow
 * state's schema, a cost of each Lambda cold start.
 */
import { hash } from 'node:crypto';

/** A zod 4 schema or check, as far as the stamp reads it: its definition. */
interface Defined {
  _zod: { def: unknown };
}

/** Deeper than any schema written by hand: a recursive (lazy) schema has no stamp. */
const MAX_DEPTH = 100;

/** The definition tree as text, appended to `out`: schemas and checks by their definition, members in their order. */
function describe(value: unknown, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) throw new Error('schemaStamp: a recursive schema has no stamp');
  if (typeof value === 'function') out.push('fn');
  else if (value === undefined || value === null) out.push('null');
  else if (typeof value === 'string') out.push(JSON.stringify(value));
  else if (typeof value !== 'object') out.push(String(value));
  else if ('_zod' in value) {
    out.push('def(');
    describe((value as Defined)._zod.def, out, depth + 1);
    out.push(')');
  } else if (Array.isArray(value)) {
    out.push('[');
    for (const item of value) {
      describe(item, out, depth + 1);
      out.push(',');
    }
    out.push(']');
  } else {
    out.push('{');
    for (const key in value) {
      out.push(JSON.stringify(key), ':');
      describe((value as Record<string, unknown>)[key], out, depth + 1);
      out.push(',');
    }
    out.push('}');
  }
}

/** 12 hex characters of the SHA-256 of the schema's definition and its revision. */
export function schemaStamp(schema: Defined, revision: number): string {
  const out = [`${revision}:`];
  describe(schema, out, 0);
  return hash('sha256', out.join(''), 'hex').slice(0, 12);
}

/**
 * A value built on its first use, then kept. For what a module would otherwise build at import
 * and not every invocation reads: a Lambda's cold start pays for all of its modules' top level.
 * The first `Intl` object of a process loads ICU's data (≈ 10–20 ms of a cold start, the
 * `Segmenter` more of its own); a zod schema only the OpenAPI document reads (lazy-schema.ts).
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

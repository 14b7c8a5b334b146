/**
 * A schema built on its first use, then kept. The schemas of the API's answers are read by the
 * OpenAPI document and by the tests that check every answer against its route's, never by an
 * invocation: built at import, they cost every cold start of an API function (≈ 1,100 of the
 * ≈ 5,700 zod constructions of api-tasks' module init) for nothing.
 */
import type * as z from 'zod/mini';

export function lazySchema<S extends z.ZodMiniType>(build: () => S): () => S {
  let schema: S | undefined;
  return () => {
    schema ??= build();
    return schema;
  };
}

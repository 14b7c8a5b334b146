/**
 * A schema built on its first use, then kept (domain/lazy.ts). The schemas of the API's answers
 * are read by the OpenAPI document and by the tests that check every answer against its route's,
 * never by an invocation: built at import, they cost every cold start of an API function
 * (≈ 1,100 of the ≈ 5,700 zod constructions of api-tasks' module init) for nothing.
 */
import type * as z from 'zod/mini';
import { lazy } from '#domain/lazy.ts';

export const lazySchema: <S extends z.ZodMiniType>(build: () => S) => () => S = lazy;

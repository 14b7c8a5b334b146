/**
 * Options for a zod parse that runs once per process (a data file, the environment at a cold
 * start): zod compiles an object schema into a fast parser (`new Function`) on its first parse,
 * which pays for itself only over many parses. For a one-shot parse it is pure cost, paid at every
 * Lambda cold start (measured: ≈ 10 % of a function's module init). Request parsing keeps the JIT.
 *
 * The schemas parsed once that bundles without classic zod need (the functions' environment, the
 * retention and the email retry policy) are written with zod/mini, which loads no locale: the
 * English one classic zod loads is set here, so their messages are the same whichever zod loads.
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export const PARSE_ONCE = { jitless: true } as const;

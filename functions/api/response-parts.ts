/** The pieces the API's answer schemas share (responses.ts, and the routes that declare their own). */
import * as z from 'zod/mini';

export const instant = z.string().check(z.meta({ description: 'instant ISO 8601 (UTC)' }));
export const day = z.string().check(z.meta({ description: 'jour AAAA-MM-JJ (Europe/Paris)' }));
export const cents = z.number().check(z.int());
export const json = z.record(z.string(), z.unknown());
/** A JSON Schema (a decision's details, a form), as z.toJSONSchema writes it. */
export const jsonSchema = json.check(z.meta({ description: 'schéma JSON (draft 2020-12)' }));

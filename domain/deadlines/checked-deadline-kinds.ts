/**
 * data/deadline-kinds.json read against its schema (deadline-kinds-schema.ts). Run from the
 * sources, it is checked when this module loads; a Lambda function's bundle holds the checked
 * kinds in its place (the bundling step runs this module: `CHECKED_DATA_MODULES` in
 * infra/aws/constructs/bundle.ts), so a cold start neither checks them again nor builds the schema.
 */
import raw from '#data/deadline-kinds.json' with { type: 'json' };
import { type DeadlineKinds, parseDeadlineKinds } from './deadline-kinds-schema.ts';

export const CHECKED_DEADLINE_KINDS: DeadlineKinds = parseDeadlineKinds(raw);

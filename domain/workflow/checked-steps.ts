/**
 * data/workflow-steps.json read against its schema and the steps the workflows declare
 * (steps-file.ts). Run from the sources, it is checked when this module loads; a Lambda function's
 * bundle holds the checked steps in its place (the bundling step runs this module:
 * `CHECKED_DATA_MODULES` in infra/aws/constructs/bundle.ts).
 */
import raw from '#data/workflow-steps.json' with { type: 'json' };
import { loadSteps } from './steps-file.ts';

export const CHECKED_STEPS = loadSteps(raw);

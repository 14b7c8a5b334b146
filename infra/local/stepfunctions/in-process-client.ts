/**
 * The functions' Step Functions client (adapters/aws/stepfunctions.ts) reaching the local runtime in
 * this process: the platform's own calls (the API starting executions and answering tasks, the
 * workflow functions) cross no socket and are not signed. The client's request is answered by the
 * function the HTTP endpoint answers with (`answerRequest`), and its answer, errors included, read
 * as over HTTP. The endpoint stays for outside clients.
 */
import { type StepFunctions, stepFunctions } from '#adapters/aws/stepfunctions.ts';
import { answerRequest } from './http-server.ts';
import type { LocalStepFunctions } from './runtime.ts';

export function inProcessSfnClient(runtime: LocalStepFunctions, region: string): StepFunctions {
  return stepFunctions({ region, transport: ({ target, body }) => answerRequest(runtime, target, body) });
}

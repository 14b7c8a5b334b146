/**
 * An SFNClient that reaches the local runtime in this process: the platform's own calls (the API
 * starting executions and answering tasks, the workflow functions) cross no socket. The SDK still
 * serializes each command and reads the answer, errors included, as over HTTP (so an error is the
 * SDK's own class, with its fields): ../in-process-handler.ts calls the function the HTTP endpoint
 * answers with (`answerRequest`). The endpoint stays for outside clients.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { inProcessRequestHandler, withoutHttpMiddleware } from '../in-process-handler.ts';
import { answerRequest } from './http-server.ts';
import type { LocalStepFunctions } from './runtime.ts';

export function inProcessSfnClient(runtime: LocalStepFunctions, region: string): SFNClient {
  return withoutHttpMiddleware(
    new SFNClient({
      region,
      endpoint: 'http://stepfunctions.in-process.local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: inProcessRequestHandler('application/x-amz-json-1.0', (target, text) => answerRequest(runtime, target, text)),
    }),
  );
}

/**
 * An SFNClient that reaches the local runtime in this process: the platform's own calls (the API
 * starting executions and answering tasks, the workflow functions) cross no socket. The SDK still
 * serializes each command and reads the answer, errors included, as over HTTP (so an error is the
 * SDK's own class, with its fields); only the HTTP exchange is replaced by a call of the function
 * the HTTP endpoint answers with (`answerRequest`). The endpoint stays for outside clients.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { answerRequest } from './http-server.ts';
import type { LocalStepFunctions } from './runtime.ts';

interface SerializedRequest {
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export function inProcessSfnClient(runtime: LocalStepFunctions, region: string): SFNClient {
  return new SFNClient({
    region,
    endpoint: 'http://stepfunctions.in-process.local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: {
      handle: async (request: SerializedRequest) => {
        const text =
          request.body === undefined || typeof request.body === 'string'
            ? (request.body ?? '')
            : Buffer.from(request.body).toString('utf8');
        const answer = await answerRequest(runtime, String(request.headers['x-amz-target'] ?? ''), text);
        return {
          response: {
            statusCode: answer.status,
            headers: {
              'content-type': 'application/x-amz-json-1.0',
              ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}),
            },
            body: Buffer.from(JSON.stringify(answer.body)),
          },
        };
      },
    } as never,
  });
}

import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Writes an HTTP answer whole, with its length, as the AWS endpoints the local platform stands in for
 * answer (API Gateway, EventBridge, Step Functions, Cognito's hosted pages): given a head before its
 * body and no `content-length`, node frames the answer in chunks (`transfer-encoding: chunked`), a
 * framing those endpoints never send to their clients.
 */
export function sendWhole(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, body = ''): void {
  // No length on a 204 or 304, which has no body (RFC 9110 §8.6).
  response.writeHead(status, status === 204 || status === 304 ? headers : { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * The small AWS client (adapters/aws/client.ts) against a mocked fetch: what no local component
 * plays (throttling, 5xx, a dropped connection) and what the signed request carries. Its
 * answers from real services are the integration tests' (dynalite, the local SFN runtime and SES).
 */
import { describe, expect, it } from 'vitest';
import { type AwsCall, AwsServiceError } from '#adapters/aws/client.ts';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { Ses } from '#adapters/aws/ses.ts';

interface Seen {
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch answering each request with the next of `answers` (a status and a JSON body, or an error thrown). */
function mockedFetch(answers: ({ status: number; body: unknown; headers?: Record<string, string> } | Error)[]) {
  const seen: Seen[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), headers: new Headers(init?.headers), body: String(init?.body) });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/x-amz-json-1.0', ...answer.headers },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session-token' };
const dynamo = (fetch: typeof globalThis.fetch, maxAttempts?: number) =>
  new DynamoDB({ region: 'eu-west-3', credentials, fetch, backoff: () => 0, ...(maxAttempts ? { maxAttempts } : {}) });

const throttled = {
  status: 400,
  body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'Rate exceeded' },
};

describe('AWS client', () => {
  it('signs a request to the regional endpoint with the session token, as the operation of its protocol', async () => {
    const { fetch, seen } = mockedFetch([{ status: 200, body: { Item: { PK: { S: 'a' }, n: { N: '2' } } } }]);
    const out = await dynamo(fetch).get({ TableName: 't', Key: { PK: 'a' } });
    expect(out.Item).toEqual({ PK: 'a', n: 2 });
    const [request] = seen;
    expect(request?.url).toBe('https://dynamodb.eu-west-3.amazonaws.com/');
    expect(request?.headers.get('x-amz-target')).toBe('DynamoDB_20120810.GetItem');
    expect(request?.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(request?.headers.get('x-amz-security-token')).toBe('session-token');
    expect(request?.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-3\/dynamodb\/aws4_request, SignedHeaders=[^,]*x-amz-security-token[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request?.body ?? '')).toEqual({ TableName: 't', Key: { PK: { S: 'a' } } });
  });

  it('takes its credentials from the environment by default', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-token' });
    try {
      const { fetch, seen } = mockedFetch([{ status: 200, body: {} }]);
      await new DynamoDB({ region: 'eu-west-3', endpoint: 'http://127.0.0.1:1', fetch }).put({ TableName: 't', Item: { PK: 'a' } });
      expect(seen[0]?.url).toBe('http://127.0.0.1:1/');
      expect(seen[0]?.headers.get('authorization')).toContain('Credential=AKIDENV/');
      expect(seen[0]?.headers.get('x-amz-security-token')).toBe('env-token');
    } finally {
      process.env = saved;
    }
  });

  it('retries throttling, 5xx and dropped connections, then answers', async () => {
    const { fetch, seen } = mockedFetch([
      throttled,
      { status: 503, body: { __type: 'ServiceUnavailable' } },
      Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
      Object.assign(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      { status: 200, body: {} },
    ]);
    await dynamo(fetch, 5).put({ TableName: 't', Item: { PK: 'a' } });
    expect(seen).toHaveLength(5);
  });

  it('does not retry what no second try would change (no credentials)', async () => {
    const saved = { ...process.env };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const { fetch, seen } = mockedFetch([{ status: 200, body: {} }]);
      const client = new DynamoDB({ region: 'eu-west-3', fetch, backoff: () => 0 });
      await expect(client.put({ TableName: 't', Item: { PK: 'a' } })).rejects.toThrow('no AWS credentials in the environment');
      expect(seen).toHaveLength(0);
    } finally {
      process.env = saved;
    }
  });

  it('gives up after maxAttempts with the last error, named as the SDK names it, its attempts counted', async () => {
    const { fetch, seen } = mockedFetch([throttled, throttled, throttled, { status: 200, body: {} }]);
    const error = (await dynamo(fetch)
      .put({ TableName: 't', Item: { PK: 'a' } })
      .catch((e: unknown) => e)) as AwsServiceError;
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error.name).toBe('ProvisionedThroughputExceededException');
    expect(error.message).toBe('Rate exceeded');
    expect(error.$fault).toBe('client');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
  });

  it('waits between tries with a backoff bounded by the standard mode', async () => {
    const { fetch } = mockedFetch([throttled, throttled, { status: 200, body: {} }]);
    const pauses: number[] = [];
    const client = new DynamoDB({
      region: 'eu-west-3',
      credentials,
      fetch,
      backoff: (attempt) => {
        pauses.push(attempt);
        return 1;
      },
    });
    await client.put({ TableName: 't', Item: { PK: 'a' } });
    expect(pauses).toEqual([1, 2]);
  });

  it('never retries a refused condition, and hands its fields over (the refused item)', async () => {
    const { fetch, seen } = mockedFetch([
      {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
          message: 'The conditional request failed',
          Item: { PK: { S: 'a' } },
        },
      },
    ]);
    const error = (await dynamo(fetch)
      .put({ TableName: 't', Item: { PK: 'a' }, ConditionExpression: 'attribute_not_exists(PK)' })
      .catch((e: unknown) => e)) as AwsServiceError;
    expect(seen).toHaveLength(1);
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error.Item).toEqual({ PK: { S: 'a' } });
  });

  it('reads a transaction refusal with its CancellationReasons, and a code given only by a header', async () => {
    const reasons = [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }];
    const { fetch } = mockedFetch([
      {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          Message: 'Transaction cancelled',
          CancellationReasons: reasons,
        },
      },
      { status: 400, body: {}, headers: { 'x-amzn-errortype': 'TaskTimedOut:http://internal.amazon.com/' } },
    ]);
    const client = dynamo(fetch);
    const cancelled = (await client
      .transactWrite([{ Put: { TableName: 't', Item: { PK: 'a' } } }])
      .catch((e: unknown) => e)) as AwsServiceError;
    expect(cancelled.name).toBe('TransactionCanceledException');
    expect(cancelled.message).toBe('Transaction cancelled');
    expect(cancelled.CancellationReasons).toEqual(reasons);
    const timedOut = (await client.call('Anything', {}).catch((e: unknown) => e)) as AwsServiceError;
    expect(timedOut.name).toBe('TaskTimedOut');
    expect(timedOut.message).toBe('TaskTimedOut (HTTP 400)');
  });

  it('carries binary attributes in base64 and gives them back as bytes', async () => {
    const { fetch, seen } = mockedFetch([
      { status: 200, body: {} },
      { status: 200, body: { Item: { body: { B: 'AQID' }, set: { BS: ['BA=='] } } } },
    ]);
    const client = dynamo(fetch);
    await client.put({ TableName: 't', Item: { PK: 'a', body: new Uint8Array([1, 2, 3]), nested: { l: [Buffer.from([4])] } } });
    expect(JSON.parse(seen[0]?.body ?? '').Item).toEqual({
      PK: { S: 'a' },
      body: { B: 'AQID' },
      nested: { M: { l: { L: [{ B: 'BA==' }] } } },
    });
    const { Item } = await client.get({ TableName: 't', Key: { PK: 'a' } });
    expect(Item?.body).toEqual(new Uint8Array([1, 2, 3]));
    expect(Item?.set).toEqual(new Set([new Uint8Array([4])]));
  });
});

describe('SES query protocol', () => {
  const parameters = { Source: 'a@b.fr', 'Message.Subject.Data': 'Décision : « retenu » & payé' };
  it('posts the parameters form-encoded over HTTP, signed for ses', async () => {
    const { fetch, seen } = mockedFetch([{ status: 200, body: 'ok' }]);
    await new Ses({ region: 'eu-west-3', credentials, fetch }).call('SendEmail', parameters);
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({ Action: 'SendEmail', Version: '2010-12-01', ...parameters });
    expect(seen[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(seen[0]!.headers.get('authorization')).toContain('/eu-west-3/ses/aws4_request');
  });

  it('hands a transport the parameters (the body, when read, their form encoding)', async () => {
    const calls: AwsCall[] = [];
    const transport = async (call: AwsCall) => {
      calls.push(call);
      return { status: 200, body: '<ok/>' };
    };
    const ses = new Ses({ region: 'eu-west-3', transport });
    expect(await ses.call('SendEmail', parameters)).toBe('<ok/>');
    expect(calls[0]!.form).toEqual({ Action: 'SendEmail', Version: '2010-12-01', ...parameters });
    expect(Object.fromEntries(new URLSearchParams(calls[0]!.body))).toEqual(calls[0]!.form);
  });
});

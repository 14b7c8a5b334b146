/**
 * One synthesis that really bundles (esbuild on this machine, no Docker, offline): every
 * function's asset is an ES module that loads on Node 24 with its environment, the AWS SDK is
 * inside the bundle (but for the publisher's EventBridge client, taken from the Lambda runtime),
 * no function carries classic zod (zod/mini only), and a stage's envelopes file is what the functions'
 * catalog holds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
let dir: string;
const STAGE_ENVELOPE_CENTS = 12_345_678;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'inclusion-bundling-'));
  const envelopes = join(dir, 'envelopes.json');
  writeFileSync(envelopes, JSON.stringify({ envelopes: { '3.5': STAGE_ENVELOPE_CENTS } }));
  // The Lambda runtime's @aws-sdk/client-eventbridge, simulated (found through NODE_PATH, as on Lambda).
  const fake = join(dir, 'runtime', '@aws-sdk', 'client-eventbridge');
  mkdirSync(fake, { recursive: true });
  writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: '@aws-sdk/client-eventbridge', main: 'index.js' }));
  writeFileSync(
    join(fake, 'index.js'),
    'exports.PutEventsCommand = class { constructor(input) { this.input = input; } };\n' +
      'exports.EventBridgeClient = class { async send(c) { console.log(JSON.stringify(c.input.Entries)); return { FailedEntryCount: 0, Entries: c.input.Entries.map(() => ({ EventId: "e" })) }; } };\n',
  );
  s = synthesize({ bundle: true, context: { envelopesFile: envelopes } });
}, 300_000);
afterAll(() => {
  s?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The bundled code of a function, from the asset its template Code points to. */
function bundleOf(functionLogicalId: string): { dir: string; code: string } {
  const code = s.json.Resources[functionLogicalId]?.Properties?.Code as { S3Key: string };
  const assetDir = join(s.assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
  const file = join(assetDir, 'index.mjs');
  expect(existsSync(file), `${functionLogicalId}: ${file}`).toBe(true);
  return { dir: assetDir, code: readFileSync(file, 'utf8') };
}

const ENV = {
  TABLE_NAME: 'inclusion-test',
  AWS_REGION: 'eu-west-3',
  INSTRUCTION_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-3:123456789012:stateMachine:inclusion-aap-dev-instruction',
  EXECUTION_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-3:123456789012:stateMachine:inclusion-aap-dev-execution',
  BILAN_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-3:123456789012:stateMachine:inclusion-aap-dev-bilan',
  EMAIL_SENDER: 'aap-inclusion-2026@pasdecalais.fr',
  SES_CONFIGURATION_SET: 'inclusion-aap-dev',
  EVENT_BUS_NAME: 'inclusion-dossiers-dev',
  USER_POOL_ID: 'eu-west-3_exemple',
};

describe('bundled functions', () => {
  it('are bundled by esbuild for all eight functions, as ES modules with a source map', () => {
    // Not aws-cdk-lib's own deployment function of the console (Python, shipped by aws-cdk-lib).
    const functions = resourcesOf(s.json, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    expect(functions).toHaveLength(8);
    for (const [id] of functions) {
      const bundle = bundleOf(id);
      expect(existsSync(join(bundle.dir, 'index.mjs.map'))).toBe(true);
      expect(bundle.code).toMatch(/\bexport\s*\{/);
      expect(bundle.code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
    }
  });

  it('load on Node 24 with their environment and export `handler` (the SDK inside; the EventBridge client from the runtime)', () => {
    for (const [name, fn] of [...Object.entries(s.stack.functions.byName), ['publish-transitions', s.stack.events.publisher] as const]) {
      const bundle = bundleOf(s.logicalId(fn.function));
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          'const m = await import(process.argv[1]); console.log(typeof m.handler);',
          join(bundle.dir, 'index.mjs'),
        ],
        {
          env: { PATH: process.env.PATH, ...ENV, ...(name === 'publish-transitions' ? { NODE_PATH: join(dir, 'runtime') } : {}) },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ).trim();
      expect(out, name).toBe('function');
      // The clients are inside the bundle (only the SDK's optional CRT signers stay guarded requires).
      if (name !== 'publish-transitions')
        expect(bundle.code, name).not.toMatch(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']@aws-sdk\/(?:client|lib)-/);
      // Credentials come from the environment: none of the default chain's other providers is bundled.
      expect(bundle.code, name).not.toMatch(/sso_start_url|credential_process|web_identity_token_file/);
    }
  }, 60_000);

  it('carry zod/mini, never classic zod (its schemas drag in the JSON Schema generator: ≈ 70 KB a bundle)', () => {
    for (const [name, fn] of [...Object.entries(s.stack.functions.byName), ['publish-transitions', s.stack.events.publisher] as const]) {
      // The source map lists every module that put code in the bundle.
      const { sources } = JSON.parse(readFileSync(join(bundleOf(s.logicalId(fn.function)).dir, 'index.mjs.map'), 'utf8')) as {
        sources: string[];
      };
      expect(
        sources.filter((source) => source.includes('zod/v4/classic/')),
        name,
      ).toEqual([]);
      expect(
        sources.some((source) => source.includes('zod/v4/mini/')),
        name,
      ).toBe(true);
    }
  });

  it('leave only @aws-sdk/client-eventbridge to the runtime, in the publisher', () => {
    const publisher = bundleOf(s.logicalId(s.stack.events.publisher.function));
    expect(publisher.code).toContain('@aws-sdk/client-eventbridge');
    // With the runtime's SDK simulated (NODE_PATH, as Lambda sets it), publish one transition.
    const record = {
      eventID: '1',
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '100',
        Keys: { PK: { S: 'DOSSIER#d1' }, SK: { S: 'EVENT#0000000001' } },
        NewImage: {
          dossierId: { S: 'd1' },
          seq: { N: '1' },
          type: { S: 'submitted' },
          at: { S: '2026-02-01T10:00:00.000Z' },
          actor: { S: 'porteur:p1' },
        },
      },
    };
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        'const m = await import(process.argv[1]); console.log(JSON.stringify(await m.handler(JSON.parse(process.argv[2]))));',
        join(publisher.dir, 'index.mjs'),
        JSON.stringify({ Records: [record] }),
      ],
      { env: { PATH: process.env.PATH, EVENT_BUS_NAME: 'bus', NODE_PATH: join(dir, 'runtime') }, encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    expect(JSON.parse(out[0]!)).toEqual([
      {
        EventBusName: 'bus',
        Source: 'inclusion-aap.dossiers',
        DetailType: 'DossierTransition',
        Detail: JSON.stringify({ dossierId: 'd1', seq: 1, eventType: 'submitted' }),
        Time: '2026-02-01T10:00:00.000Z',
      },
    ]);
    // The invocation's metrics (EMF, functions/observability.ts), then the handler's answer.
    expect(JSON.parse(out[1]!)).toMatchObject({ _aws: { CloudWatchMetrics: [{ Namespace: 'InclusionAap' }] }, TransitionsPublished: 1 });
    expect(JSON.parse(out[2]!)).toEqual({ batchItemFailures: [] });
  });

  it("carry the stage's envelope data (context envelopesFile) in the catalog they bundle", () => {
    for (const name of ['api', 'apply-action'] as const) {
      expect(bundleOf(s.logicalId(s.stack.functions.byName[name].function)).code, name).toContain(String(STAGE_ENVELOPE_CENTS));
    }
  });
});

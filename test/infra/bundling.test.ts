/**
 * One synthesis that really bundles (esbuild on this machine, no Docker, offline): every
 * function's asset is an ES module that loads on Node 24 with its environment and carries no AWS
 * SDK client (the project's small client, adapters/aws/), the publisher puts on EventBridge
 * through it, no function carries classic zod (zod/mini only) nor the data files' `$comment`s,
 * and a stage's envelopes file is what the functions' catalog holds.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#infra/aws/constructs/bundle.ts';
import { startEventBus } from '#infra/local/events/bus.ts';
import { resourcesOf, synthesize, type Synthesized } from './synth.ts';

const execFileAsync = promisify(execFile);
let s: Synthesized;
let dir: string;
const STAGE_ENVELOPE_CENTS = 12_345_678;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'inclusion-bundling-'));
  const envelopes = join(dir, 'envelopes.json');
  writeFileSync(envelopes, JSON.stringify({ envelopes: { '3.5': STAGE_ENVELOPE_CENTS } }));
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
  it('are bundled by esbuild for all thirteen functions, as ES modules with a source map', () => {
    // Not aws-cdk-lib's own deployment function of the console (Python, shipped by aws-cdk-lib).
    const functions = resourcesOf(s.json, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    expect(functions).toHaveLength(13);
    // Each its own bundle: CDK caches bundled assets by their options, which carry the entry.
    expect(new Set(functions.map(([, fn]) => fn.Properties?.Code?.S3Key as string | undefined)).size).toBe(functions.length);
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
          env: { PATH: process.env.PATH, ...ENV },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ).trim();
      expect(out, name).toBe('function');
      // No AWS SDK client, bundled or left to the runtime: the small client (adapters/aws/) is inside.
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

  it('publish a transition on EventBridge through the small client (signed, over HTTP: the local bus)', async () => {
    const publisher = bundleOf(s.logicalId(s.stack.events.publisher.function));
    const bus = await startEventBus();
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
    let out: string[];
    try {
      const run = await execFileAsync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          'const m = await import(process.argv[1]); console.log(JSON.stringify(await m.handler(JSON.parse(process.argv[2]))));',
          join(publisher.dir, 'index.mjs'),
          JSON.stringify({ Records: [record] }),
        ],
        {
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'eu-west-3',
            AWS_ACCESS_KEY_ID: 'local',
            AWS_SECRET_ACCESS_KEY: 'local',
            EVENT_BUS_NAME: 'bus',
            EVENTBRIDGE_ENDPOINT: bus.endpoint,
          },
          encoding: 'utf8',
        },
      );
      out = run.stdout.trim().split('\n');
      expect(bus.events('bus')).toMatchObject([
        {
          source: 'inclusion-aap.dossiers',
          detailType: 'DossierTransition',
          detail: { dossierId: 'd1', seq: 1, eventType: 'submitted' },
          time: '2026-02-01T10:00:00.000Z',
        },
      ]);
    } finally {
      await bus.close();
    }
    // The invocation's metrics (EMF, functions/observability.ts), then the handler's answer.
    expect(JSON.parse(out[0]!)).toMatchObject({ _aws: { CloudWatchMetrics: [{ Namespace: 'InclusionAap' }] }, TransitionsPublished: 1 });
    expect(JSON.parse(out[1]!)).toEqual({ batchItemFailures: [] });
  });

  it("carry the project's JSON without its `$comment`s, which stay in data/ for developers (≈ 8–9 KB a bundle)", () => {
    expect(readFileSync(join(PROJECT_ROOT, 'data', 'catalog', 'dispositifs.json'), 'utf8')).toContain('"$comment"');
    for (const [name, fn] of [...Object.entries(s.stack.functions.byName), ['publish-transitions', s.stack.events.publisher] as const]) {
      // A data `$comment` with its text (`$comment:"Sources…"`); the schemas' `$comment:` keys that allow it stay.
      expect(bundleOf(s.logicalId(fn.function)).code, name).not.toMatch(/\$comment["']?:\s*["'`]/);
    }
  });

  it("carry the stage's envelope data (context envelopesFile) in the catalog they bundle", () => {
    for (const name of ['api-campaign', 'apply-action'] as const) {
      expect(bundleOf(s.logicalId(s.stack.functions.byName[name]!.function)).code, name).toContain(String(STAGE_ENVELOPE_CENTS));
    }
  });
});

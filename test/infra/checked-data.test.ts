/**
 * The data a function's bundle carries is checked when the function is bundled, not at its cold
 * start (CHECKED_DATA_MODULES in infra/aws/constructs/bundle.ts): the bundle holds the checked
 * data and builds from it the very catalog, deadline kinds, steps and retention periods the
 * sources build, a stage's
 * dispositifs included; the checks and the data's schemas stay out of it; data a check refuses
 * fails the bundling.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_FILES, createCatalog } from '#domain/catalog/index.ts';
import { DEADLINE_KINDS, REMINDER_ROLL } from '#domain/deadlines/index.ts';
import { RETENTION } from '#domain/retention.ts';
import { WORKFLOW_STATE_STAMP } from '#domain/workflow/state.ts';
import { ESCALATION_REPEAT_DAYS, EXECUTION_LIFE_BUDGET_DAYS, STEPS } from '#domain/workflow/steps.ts';
import { BUNDLE_FILE, bundle, PROJECT_ROOT } from '#infra/aws/constructs/bundle.ts';

const ENTRY = relative(PROJECT_ROOT, join(import.meta.dirname, 'bundled-data-entry.ts'));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'inclusion-checked-data-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a bundle of ENTRY exports (the catalog, the deadline kinds) as JSON, and the modules the bundle carries. */
async function bundledData(name: string, alias?: Record<string, string>): Promise<{ json: string; sources: string[] }> {
  const outdir = join(dir, name);
  await bundle({ entry: ENTRY, outdir, ...(alias ? { alias } : {}) });
  const json = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', 'const m = await import(process.argv[1]); console.log(JSON.stringify(m));', join(outdir, BUNDLE_FILE)],
    { env: { PATH: process.env.PATH }, encoding: 'utf8' },
  ).trim();
  const { sources } = JSON.parse(readFileSync(join(outdir, `${BUNDLE_FILE}.map`), 'utf8')) as { sources: string[] };
  return { json, sources };
}

/** The repository's dispositifs file with a change, written as a stage's copy (what infra/aws/envelopes.ts aliases). */
function dispositifsWith(name: string, change: (file: { dispositifs: Record<string, unknown>[] }) => void): Record<string, string> {
  const file = structuredClone(CATALOG_FILES.dispositifs) as { dispositifs: Record<string, unknown>[] };
  change(file);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(file));
  return { '#data/catalog/dispositifs.json': path };
}

/** As JSON, without the data's `$comment`s (dropped from every bundle: bundle.ts). */
const withoutComments = (value: unknown) => JSON.stringify(value, (key, v: unknown) => (key === '$comment' ? undefined : v));

describe('the data in a bundle', () => {
  it('is the catalog, the deadline kinds, the steps and the retention the sources check and build, without the checks or the schemas in the bundle', async () => {
    const { json, sources } = await bundledData('shipped');
    const bundled = JSON.parse(json) as Record<string, unknown>;
    // Every field in the same order.
    expect(JSON.stringify(bundled.catalog)).toBe(withoutComments(createCatalog(CATALOG_FILES)));
    expect(JSON.stringify(bundled.DEADLINE_KINDS)).toBe(withoutComments(DEADLINE_KINDS));
    expect(JSON.stringify(bundled.REMINDER_ROLL)).toBe(withoutComments(REMINDER_ROLL));
    expect(JSON.stringify(bundled.STEPS)).toBe(withoutComments(STEPS));
    expect(bundled).toMatchObject({ ESCALATION_REPEAT_DAYS, EXECUTION_LIFE_BUDGET_DAYS, RETENTION });
    expect(
      sources.filter((source) =>
        /domain\/(catalog\/(catalog|schemas)|deadlines\/deadline-kinds-schema|workflow\/steps-file)\.ts$/.test(source),
      ),
    ).toEqual([]);
    expect(sources.filter((source) => source.includes('/data/'))).toEqual([]);
  }, 60_000);

  it("carries the workflow state's stamp computed when bundled: the stamp of the schema the sources build, without the code that computes it", async () => {
    const { json, sources } = await bundledData('stamp');
    // In this process the constant is computed from the sources (state-stamp.test.ts pins it to the schema's stamp).
    expect((JSON.parse(json) as { WORKFLOW_STATE_STAMP: string }).WORKFLOW_STATE_STAMP).toBe(WORKFLOW_STATE_STAMP);
    expect(sources.filter((source) => source.endsWith('domain/schema-stamp.ts'))).toEqual([]);
  }, 60_000);

  it("is a stage's catalog when the stage bundles its own dispositifs", async () => {
    const alias = dispositifsWith('stage', (file) => {
      file.dispositifs.find((d) => d.code === '3.5')!.envelopeCents = 12_345_678;
    });
    const { json } = await bundledData('stage', alias);
    const { catalog } = JSON.parse(json) as { catalog: { dispositifs: { code: string; envelopeCents: number; fromDefaults: string[] }[] } };
    expect(catalog.dispositifs.find((d) => d.code === '3.5')).toMatchObject({ envelopeCents: 12_345_678 });
    expect(catalog.dispositifs.find((d) => d.code === '3.5')!.fromDefaults).not.toContain('envelopeCents');
  }, 60_000);

  it('fails the bundling when the check refuses a file, with the message naming the file and the field', async () => {
    const alias = dispositifsWith('broken', (file) => {
      file.dispositifs[0]!.axe = 7;
    });
    await expect(bundle({ entry: ENTRY, outdir: join(dir, 'broken'), alias })).rejects.toThrow(
      /data\/catalog\/dispositifs\.json: dispositifs\[0\] \(1\.1\)\.axe: unknown axe 7/,
    );
  }, 60_000);
});

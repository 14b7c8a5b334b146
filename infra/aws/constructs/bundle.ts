/**
 * The one bundling step of every Lambda function: esbuild's JS API with the options below, used by
 * the CDK app (app-function.ts, through `bundleSync`) and by `bench/packages.ts` (`bundle`), so
 * the bench measures what CDK deploys.
 *
 * Why not NodejsFunction: it runs esbuild's CLI, which takes no plugin, and the data files'
 * `$comment`s (their sources and documented defaults, for developers: kept in `data/`) would
 * be bundled with the JSON, ≈ 8–9 KB per function. `dropJsonComments` removes them at load.
 *
 * Run as a script (`node infra/aws/constructs/bundle.ts '<BundleOptions as JSON>'`) by
 * `bundleSync`: CDK's local bundling is synchronous and esbuild's synchronous API takes no
 * plugin either.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build, type BuildResult, type Plugin } from 'esbuild';
import { checkCatalogFiles } from '#domain/catalog/catalog.ts';
import { CATALOG_FILE_NAMES, type CatalogFiles } from '#domain/catalog/catalog-of.ts';
import { WORKFLOW_STATE_STAMP } from '#domain/workflow/state.ts';

/** The repository's root (infra/aws/constructs/ → ../../..): entries are given relative to it. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The bundle's file in its directory. */
export const BUNDLE_FILE = 'index.mjs';
/** The Lambda handler setting of a bundle: its file's name and the export every entry names `handler`. */
export const BUNDLE_HANDLER = `${BUNDLE_FILE.replace(/\.mjs$/, '')}.handler`;

/**
 * Lets the bundled ESM code `require()` the CommonJS dependencies esbuild keeps as `require`
 * calls (Node built-ins required from CommonJS packages).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface BundleOptions {
  /** Entry file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** Where `index.mjs` and its source map are written. */
  readonly outdir: string;
  /** Import specifiers bundled from another file (the stage's envelope data: infra/aws/envelopes.ts). */
  readonly alias?: Record<string, string>;
}

/** A JSON value without its `$comment` keys, at any depth. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '$comment')
      .map(([key, v]) => [key, withoutComments(v)]),
  );
}

/**
 * The project's JSON files (data, the stage's envelope copy, the ASL) loaded without their
 * `$comment` keys. No code reads them: the schemas only allow them (domain/catalog/schemas.ts…).
 * Dependencies' JSON is left as it is.
 */
export const dropJsonComments: Plugin = {
  name: 'drop-json-comments',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, async ({ path }) => {
      if (path.includes('/node_modules/')) return undefined;
      return { contents: JSON.stringify(withoutComments(JSON.parse(await readFile(path, 'utf8')))), loader: 'json' };
    });
  },
};

/** The catalog files a bundle carries: the repository's, or the stage's copy its `alias` names; without their `$comment`s. */
async function catalogFiles(alias: Record<string, string>): Promise<CatalogFiles> {
  const entries = await Promise.all(
    Object.entries(CATALOG_FILE_NAMES).map(async ([file, name]) => {
      const path = alias[`#${name}`] ?? join(PROJECT_ROOT, name);
      return [file, withoutComments(JSON.parse(await readFile(path, 'utf8')))] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as CatalogFiles;
}

/**
 * Modules of data checked when they load (a data file read against its schema, the catalog's files
 * against each other, the steps' file against the steps the workflows declare), by their path from
 * the repository's root, with what computes their exports. Each exports data only.
 * A function's bundle holds those exports, computed when it is bundled, in the module's place:
 * its cold start neither checks the data again nor builds the schemas (≈ 60 ms of an API
 * function's module init for the catalog on this evening's machine). A check that fails fails the
 * bundling, with its message. The catalog is checked on the files the bundle would have carried
 * (a stage's dispositifs when `alias` names them); the others are loaded here as they are.
 */
export const CHECKED_DATA_MODULES: Readonly<Record<string, (alias: Record<string, string>) => Promise<object>>> = {
  'domain/catalog/checked-files.ts': async (alias) => ({ CHECKED_CATALOG_FILES: checkCatalogFiles(await catalogFiles(alias)) }),
  'domain/deadlines/checked-deadline-kinds.ts': () => import('#domain/deadlines/checked-deadline-kinds.ts'),
  'domain/workflow/checked-steps.ts': () => import('#domain/workflow/checked-steps.ts'),
  'domain/retention.ts': () => import('#domain/retention.ts'),
};

/**
 * Bundles each of CHECKED_DATA_MODULES as its exports' values, without the data's `$comment`s
 * (as dropJsonComments leaves the data): JSON text read by JSON.parse, which V8 reads faster
 * than the same object literal. An export that is not JSON data (a function, a Map, a Date) fails
 * the bundling: it would not survive the trip.
 */
export function checkedData(alias: Record<string, string> = {}): Plugin {
  return {
    name: 'checked-data',
    setup(b) {
      const modules = Object.keys(CHECKED_DATA_MODULES).map((module) => module.replaceAll('.', '\\.'));
      b.onLoad({ filter: new RegExp(`/(?:${modules.join('|')})$`) }, async ({ path }) => {
        const module = relative(PROJECT_ROOT, path);
        const values = await CHECKED_DATA_MODULES[module]!(alias);
        const lines = Object.entries(values).map(([name, value]) => {
          if (!isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value)) throw new Error(`${module}: ${name} is not JSON data`);
          return `export const ${name} = JSON.parse(${JSON.stringify(JSON.stringify(withoutComments(value)))});`;
        });
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

/**
 * Bundles one function: ESM for Node 24, minified, source map without sources, every dependency
 * inside at the version the tests ran (nothing external: NodejsFunction left @aws-sdk/* out).
 */
export function bundle(options: BundleOptions): Promise<BuildResult<{ metafile: true }>> {
  return build({
    entryPoints: [join(PROJECT_ROOT, options.entry)],
    outfile: join(options.outdir, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    // The French texts as UTF-8, not escaped (`\xE9` for é): ≈ 2–5 KB less per bundle.
    charset: 'utf8',
    sourcemap: true,
    sourcesContent: false,
    ...(options.alias ? { alias: options.alias } : {}),
    // The workflow state's stamp as this process computed it (domain/workflow/state.ts): the
    // bundle's cold start does not hash the schema again (≈ 1–3 ms of CPU).
    define: { BUNDLED_WORKFLOW_STATE_STAMP: JSON.stringify(WORKFLOW_STATE_STAMP) },
    plugins: [dropJsonComments, checkedData(options.alias)],
    metafile: true,
    logLevel: 'warning',
  });
}

/** `bundle` from synchronous code (CDK's local bundling): in a child Node process running this file. */
export function bundleSync(options: BundleOptions): void {
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), JSON.stringify(options)], { stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle(JSON.parse(process.argv[2]!) as BundleOptions);
}

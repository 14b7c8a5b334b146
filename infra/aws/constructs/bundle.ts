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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildResult, type Plugin } from 'esbuild';

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
    plugins: [dropJsonComments],
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

/**
 * The platform's processes (`npm start`, the benchmarks' platform process) run JavaScript built
 * from their TypeScript entry rather than the sources themselves. Node strips the types of the
 * `.ts` files it runs with amaro (swc compiled to WebAssembly), which stays in the process once
 * loaded: its code and its WebAssembly memory. An idle platform: 177 → 152 MB of RSS (heap 36.7 →
 * 31.0 MB, external memory 11.3 → 4.3 MB); the peak of a 1,000-dossier campaign on disk
 * (bench/campaign.ts --n 1000): 276–282 → 262–266 MB.
 *
 * esbuild, which bundles the Lambda functions for AWS, bundles the entry with the project's modules
 * into one file; the packages stay in node_modules, loaded as Node loads them for the sources. Each
 * module keeps its source's `import.meta` (`url`, `dirname`, `filename`; `main` false), so a path
 * read relative to a module (the console's files, `createRequire`) is the same and a module's "run
 * as a script" block stays where it was; only the entry's is the built file's own, so that it still
 * knows itself the entry (`import.meta.main`, `process.argv[1] === fileURLToPath(import.meta.url)`).
 *
 * The file goes in node_modules/.cache (from there Node finds the packages as from the sources),
 * rebuilt at each start (≈ 0.1 s) and written whole (a temporary file renamed), so that processes
 * started together each read a complete file. The tests run the sources (vitest strips them itself).
 */
import { readFile } from 'node:fs/promises';
import { mkdirSync, realpathSync } from 'node:fs';
import { hash } from 'node:crypto';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeFileAtomic } from './atomic-file.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// One directory per checkout: worktrees that share one node_modules (a symbolic link) build apart.
const BUILT_DIR = `${PROJECT_ROOT}node_modules/.cache/inclusion-aap/${hash('sha256', PROJECT_ROOT).slice(0, 12)}/`;

/** Builds the TypeScript entry `entry` (a path) into one JavaScript file and returns its path. */
export async function buildEntry(entryPath: string): Promise<string> {
  const entry = resolve(entryPath);
  const { build } = await import('esbuild'); // only where a build happens: the built file does not load esbuild
  const name = relative(PROJECT_ROOT, entry).replace(/\.ts$/, '').replaceAll(/[\\/]/g, '-');
  const outfile = `${BUILT_DIR}${name}.mjs`;
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    // A map beside the file, read only by a process started with --enable-source-maps (stack traces
    // then name the sources): ≈ +4 MB of heap, not the default.
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'source-import-meta',
        setup(esbuild) {
          esbuild.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
            const source = await readFile(path, 'utf8');
            if (path === entry) return { contents: source, loader: 'ts' };
            const meta = { url: pathToFileURL(path).href, main: false, dirname: dirname(path), filename: path };
            const contents = source.replaceAll(/\bimport\.meta\.(url|main|dirname|filename)\b/g, (_, key: keyof typeof meta) =>
              JSON.stringify(meta[key]),
            );
            return { contents, loader: 'ts' };
          });
        },
      },
    ],
  });
  mkdirSync(BUILT_DIR, { recursive: true });
  const code = result.outputFiles.find((file) => file.path === outfile)!;
  for (const file of result.outputFiles) if (file !== code) writeFileAtomic(file.path, file.text); // the map, before the file naming it
  writeFileAtomic(outfile, code.text);
  // Its real path, as Node names a main module (its import.meta.url) when node_modules is a symbolic link.
  return realpathSync(outfile);
}

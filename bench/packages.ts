/**
 * (5) Lambda packages: each function entry (infra/aws/constructs/functions.ts FUNCTION_ENTRIES and
 * the events publisher) bundled by the CDK app's own bundling step (infra/aws/constructs/bundle.ts:
 * ESM, node24, module/main fields, the require banner, minified, source map without sources,
 * every dependency inside, the project's JSON without its `$comment`s). For each: the bundle's size (and zipped, as uploaded), its module initialisation time
 * — the bundle imported in a fresh Node 24 process with a dummy environment and NODE_OPTIONS as
 * deployed (--enable-source-maps), median of several processes: a proxy for the cold start's
 * init phase — and its largest dependency (esbuild metafile).
 *
 * Run alone: `node bench/packages.ts --runs 5`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { BUNDLE_FILE, bundle } from '#infra/aws/constructs/bundle.ts';
import { PUBLISHER_ENTRY } from '#infra/aws/constructs/events.ts';
import { FUNCTION_ENTRIES } from '#infra/aws/constructs/functions.ts';
import { median, progress, round } from './lib.ts';

/** What the functions read from their environment (the values do not matter: nothing is called at init). */
const ENV = {
  TABLE_NAME: 'inclusion-bench',
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  INSTRUCTION_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-3:123456789012:stateMachine:inclusion-aap-dev-instruction',
  EXECUTION_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-3:123456789012:stateMachine:inclusion-aap-dev-execution',
  BILAN_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-3:123456789012:stateMachine:inclusion-aap-dev-bilan',
  EMAIL_SENDER: 'aap-inclusion-2026@pasdecalais.fr',
  SES_CONFIGURATION_SET: 'inclusion-aap-dev',
  EVENT_BUS_NAME: 'inclusion-dossiers-dev',
  USER_POOL_ID: 'eu-west-3_bench',
  NODE_OPTIONS: '--enable-source-maps',
};

export interface PackageResult {
  name: string;
  entry: string;
  bundleKb: number;
  zippedKb: number;
  initMs: number;
  /** The same without --enable-source-maps. */
  initNoSourceMapsMs: number;
  /** CPU time (user + system) of the same init, as deployed: steadier than wall time on a loaded machine. */
  initCpuMs: number;
  /** The three largest dependencies, KB in the bundle. */
  top: { name: string; kb: number }[];
  /** Every @aws-sdk/* and @smithy/* package together, KB. */
  awsSdkKb: number;
  /** The rest without zod: the function's own code and data, its other dependencies (Powertools, middy…), KB. */
  ownKb: number;
  largestDependency: string;
  largestDependencyKb: number;
  /** Share of the bundle's bytes that come from that dependency. */
  largestDependencyShare: number;
}

/** `node_modules/@aws-sdk/client-dynamodb/dist-es/…` → `@aws-sdk/client-dynamodb`; project files → `(project code)`. */
function packageOf(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
    path.split('node_modules/').length > 2 ? `node_modules/${path.split('node_modules/').pop()}` : path,
  );
  return m ? m[1]! : '(project code)';
}

export async function runPackages(runs: number): Promise<PackageResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-packages-'));
  const entries: [string, string][] = [...Object.entries(FUNCTION_ENTRIES), ['publish-transitions', PUBLISHER_ENTRY]];
  const results: PackageResult[] = [];
  /** Bundles an entry as the CDK app does (its bundling step) into `dir/<name>`. */
  const bundleOf = async (name: string, entry: string) => {
    const outdir = join(dir, name);
    const built = await bundle({ entry, outdir });
    return {
      outfile: join(outdir, BUNDLE_FILE),
      output: Object.entries(built.metafile.outputs).find(([path]) => path.endsWith(BUNDLE_FILE))![1],
    };
  };
  /** Median module init of a bundle in fresh Node processes: wall time, or CPU time (steadier on a loaded machine). */
  const initTimes = (outfile: string, nodeOptions: string, measure: 'wall' | 'cpu') => {
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          'const t = performance.now(), c = process.cpuUsage(); const m = await import(process.argv[1]); if (typeof m.handler !== "function") throw new Error("no handler"); const u = process.cpuUsage(c); console.log(process.argv[2] === "cpu" ? (u.user + u.system) / 1000 : performance.now() - t);',
          pathToFileURL(outfile).href,
          measure,
        ],
        {
          env: { PATH: process.env.PATH ?? '', ...ENV, NODE_OPTIONS: nodeOptions },
          encoding: 'utf8',
        },
      );
      times.push(Number(out.trim()));
    }
    return median(times);
  };
  try {
    for (const [name, entry] of entries) {
      const { outfile, output } = await bundleOf(name, entry);
      const byPackage = new Map<string, number>();
      for (const [path, input] of Object.entries(output.inputs))
        byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + input.bytesInOutput);
      const [largest, largestBytes] = [...byPackage].sort((a, b) => b[1] - a[1])[0]!;
      const code = readFileSync(outfile);
      const zipped = deflateRawSync(code).length + deflateRawSync(readFileSync(`${outfile}.map`)).length;
      const sorted = [...byPackage].sort((a, b) => b[1] - a[1]);
      const sdkBytes = sorted.filter(([p]) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/')).reduce((s, [, b]) => s + b, 0);
      const allBytes = sorted.reduce((s, [, b]) => s + b, 0);
      const result: PackageResult = {
        name,
        entry,
        bundleKb: round(statSync(outfile).size / 1024, 0),
        zippedKb: round(zipped / 1024, 0),
        initMs: round(initTimes(outfile, ENV.NODE_OPTIONS, 'wall'), 1),
        initNoSourceMapsMs: round(initTimes(outfile, '', 'wall'), 1),
        initCpuMs: round(initTimes(outfile, ENV.NODE_OPTIONS, 'cpu'), 1),
        top: sorted.slice(0, 3).map(([p, b]) => ({ name: p, kb: round(b / 1024, 0) })),
        awsSdkKb: round(sdkBytes / 1024, 0),
        ownKb: round((allBytes - sdkBytes - (byPackage.get('zod') ?? 0)) / 1024, 0),
        largestDependency: largest,
        largestDependencyKb: round(largestBytes / 1024, 0),
        largestDependencyShare: round(largestBytes / code.length, 2),
      };
      progress(
        `package ${name}: ${result.bundleKb} KB (own ${result.ownKb} KB), init ${result.initMs} ms (CPU ${result.initCpuMs} ms), largest ${largest} (${result.largestDependencyKb} KB)`,
      );
      results.push(result);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  console.log(JSON.stringify(await runPackages(Number(values.runs))));
  process.exit(0);
}

import { existsSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { defaultLambdaEntries, lambdaNames, repoRoot, type LambdaEntries, type LambdaName } from './lambdaEntries.js';

export interface BundleOptions {
  /** Each function's bundle goes to `<outDir>/<name>/index.mjs` (the folder is the Lambda asset). */
  readonly outDir: string;
  /** Handler source files; the adapters' entry points unless given. */
  readonly entries?: LambdaEntries;
  /**
   * Leave `@aws-sdk/*` to the SDK that the Node 22 runtime ships. Off by default: the bundle then carries the SDK
   * versions pinned in package-lock.json, so what runs in AWS is what the tests ran, and tree-shaking keeps it small.
   */
  readonly externalAwsSdk?: boolean;
}

export interface BundledLambda {
  readonly name: LambdaName;
  /** The asset folder handed to `lambda.Code.fromAsset`. */
  readonly dir: string;
  readonly file: string;
  readonly bytes: number;
}

/**
 * CommonJS dependencies inside an ESM bundle call `require` (for Node built-ins, say), which ESM scope lacks:
 * esbuild's shim then throws "Dynamic require ... is not supported". The banner gives the bundle a real one.
 */
const requireBanner =
  "import { createRequire as __fiduciaCreateRequire } from 'node:module'; const require = __fiduciaCreateRequire(import.meta.url);";

/** Bundles the four Lambda handlers with esbuild (no Docker): ESM, Node 22, minified, with source maps. */
export const bundleLambdas = async (options: BundleOptions): Promise<ReadonlyArray<BundledLambda>> => {
  const entries = options.entries ?? defaultLambdaEntries;
  const missing = lambdaNames.filter((name) => !existsSync(entries[name]));
  if (missing.length > 0) {
    const files = missing.map((name) => relative(repoRoot, entries[name]) || entries[name]);
    throw new Error(`Lambda entry points are missing: ${files.join(', ')}`);
  }
  // A stale file left in an asset folder would be deployed with it.
  await Promise.all(lambdaNames.map((name) => rm(join(options.outDir, name), { recursive: true, force: true })));

  await build({
    entryPoints: lambdaNames.map((name) => ({ in: entries[name], out: `${name}/index` })),
    outdir: options.outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Prefer the ESM build of dual packages: better tree-shaking, fewer CommonJS wrappers.
    mainFields: ['module', 'main'],
    minify: true,
    // Error class names survive minification, so a cold-start failure names its cause (LambdaEnvironmentError).
    keepNames: true,
    // File and line numbers in stack traces (with NODE_OPTIONS=--enable-source-maps); sources stay out of the asset.
    sourcemap: true,
    sourcesContent: false,
    banner: { js: requireBanner },
    external: options.externalAwsSdk === true ? ['@aws-sdk/*'] : [],
    // Entry files outside the repository (tests, experiments) still resolve the project's dependencies.
    nodePaths: [join(repoRoot, 'node_modules')],
    logLevel: 'silent',
  });

  return Promise.all(
    lambdaNames.map(async (name) => {
      const dir = join(options.outDir, name);
      const file = join(dir, 'index.mjs');
      return { name, dir, file, bytes: (await stat(file)).size };
    }),
  );
};

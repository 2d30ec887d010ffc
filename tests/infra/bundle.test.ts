import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleLambdas, type BundledLambda } from '../../infra/bundle.js';
import { lambdaNames, type LambdaEntries } from '../../infra/lambdaEntries.js';

/** Imports a bundle with plain Node (as Lambda does, outside vitest's module runner) and calls its handler. */
const invoke = (file: string, event: unknown = {}): unknown => {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)});
process.stdout.write(JSON.stringify(await m.handler(${JSON.stringify(event)})));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
};

describe('bundleLambdas', () => {
  let work: string;
  let entries: LambdaEntries;
  let bundles: ReadonlyArray<BundledLambda>;

  beforeAll(async () => {
    // Entries live outside the repository, as the brief asks; they exercise what real handlers rely on.
    work = await mkdtemp(join(tmpdir(), 'fiducia-bundle-'));
    const src = join(work, 'src');
    await mkdir(src);
    // A CommonJS dependency that requires a Node built-in: breaks in an ESM bundle without a real `require`.
    await writeFile(
      join(src, 'digest.cjs'),
      "const { createHash } = require('node:crypto');\nmodule.exports = (text) => createHash('sha256').update(text).digest('hex');\n",
    );
    await writeFile(
      join(src, 'commandApi.ts'),
      "import digest from './digest.cjs';\nexport const handler = async (event: { text: string }) => ({ digest: digest(event.text) });\n",
    );
    await writeFile(
      join(src, 'queryApi.ts'),
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n" +
        "export const handler = async () => ({ client: typeof new DynamoDBClient({ region: 'eu-west-1' }).send });\n",
    );
    await writeFile(join(src, 'projector.ts'), 'export const handler = async () => ({ batchItemFailures: [] as string[] });\n');
    await writeFile(join(src, 'publisher.ts'), "export const handler = async () => ({ from: 'publisher' });\n");
    entries = {
      'command-api': join(src, 'commandApi.ts'),
      'query-api': join(src, 'queryApi.ts'),
      projector: join(src, 'projector.ts'),
      publisher: join(src, 'publisher.ts'),
    };
    bundles = await bundleLambdas({ outDir: join(work, 'out'), entries });
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('writes one ESM index.mjs with a source map per function, in a folder named after it', () => {
    expect(bundles.map((b) => b.name)).toEqual([...lambdaNames]);
    for (const bundle of bundles) {
      expect(bundle.dir).toBe(join(work, 'out', bundle.name));
      expect(bundle.file).toBe(join(bundle.dir, 'index.mjs'));
      expect(existsSync(`${bundle.file}.map`)).toBe(true);
      expect(bundle.bytes).toBeGreaterThan(0);
    }
    expect(invoke(bundles[2]!.file)).toEqual({ batchItemFailures: [] });
    expect(invoke(bundles[3]!.file)).toEqual({ from: 'publisher' });
  });

  it('lets CommonJS dependencies require Node built-ins inside the ESM bundle', () => {
    const expected = createHash('sha256').update('fiducia').digest('hex');
    expect(invoke(bundles[0]!.file, { text: 'fiducia' })).toEqual({ digest: expected });
  });

  it('carries the pinned AWS SDK inside the bundle, so it runs with no node_modules beside it', async () => {
    const code = await readFile(bundles[1]!.file, 'utf8');
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(invoke(bundles[1]!.file)).toEqual({ client: 'function' });
  });

  it('leaves @aws-sdk/* to the Lambda runtime when asked to', async () => {
    const out = join(work, 'external');
    const [, query] = await bundleLambdas({ outDir: out, entries, externalAwsSdk: true });
    const code = await readFile(query!.file, 'utf8');
    expect(code).toMatch(/from\s*["']@aws-sdk\/client-dynamodb["']/);
    expect(query!.bytes).toBeLessThan(bundles[1]!.bytes / 10);
  });

  it('removes stale files from an asset folder before bundling into it', async () => {
    const out = join(work, 'stale');
    await mkdir(join(out, 'projector'), { recursive: true });
    await writeFile(join(out, 'projector', 'leftover.js'), 'old');
    await bundleLambdas({ outDir: out, entries });
    expect(existsSync(join(out, 'projector', 'leftover.js'))).toBe(false);
    expect(existsSync(join(out, 'projector', 'index.mjs'))).toBe(true);
  });

  it('names the missing entry files instead of bundling part of the set', async () => {
    const out = join(work, 'missing');
    const missing = { ...entries, publisher: join(work, 'src', 'nowhere.ts') };
    await expect(bundleLambdas({ outDir: out, entries: missing })).rejects.toThrow(/nowhere\.ts/);
    expect(existsSync(out)).toBe(false);
  });
});

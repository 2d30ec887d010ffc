import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The four deployed functions; each name is also its asset folder under `dist/lambda/`. */
export const lambdaNames = ['command-api', 'query-api', 'projector', 'publisher'] as const;

export type LambdaName = (typeof lambdaNames)[number];

/** Source file of each function's handler, by function name. */
export type LambdaEntries = Readonly<Record<LambdaName, string>>;

/** The repository root (this file lives in `infra/`). */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where `npm run synth` and `cdk deploy` put the bundles. */
export const defaultLambdaOutDir = join(repoRoot, 'dist', 'lambda');

/** The adapters' Lambda entry points, each exporting `handler`. */
export const defaultLambdaEntries: LambdaEntries = {
  'command-api': join(repoRoot, 'adapters', 'lambda', 'commandApiHandler.ts'),
  'query-api': join(repoRoot, 'adapters', 'lambda', 'queryApiHandler.ts'),
  projector: join(repoRoot, 'adapters', 'lambda', 'projectorHandler.ts'),
  publisher: join(repoRoot, 'adapters', 'lambda', 'publisherHandler.ts'),
};

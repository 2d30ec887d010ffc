import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** Runs `fiducia ...args` exactly as `npx fiducia` does (the bin script, no build step), with extra environment. */
export const fiducia = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = {}, input?: string) =>
  spawnSync(process.execPath, ['bin/fiducia.mjs', ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });

/** The environment that points the command line at a test's tables on DynamoDB Local. */
export const storeEnv = (endpoint: string, eventsTable: string): NodeJS.ProcessEnv => ({
  FIDUCIA_DYNAMODB_ENDPOINT: endpoint,
  FIDUCIA_TABLE_PREFIX: eventsTable.slice(0, -'events'.length),
});

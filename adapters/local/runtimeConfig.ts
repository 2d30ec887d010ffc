import { resolve } from 'node:path';

/** Settings of the local runtime, from the environment. */
export interface RuntimeConfig {
  /** Loopback only: the local runtime is a developer's service, never exposed. */
  readonly host: '127.0.0.1';
  readonly port: number;
  /** DynamoDB Local's files, the JWT secret and projection checkpoints live here. */
  readonly dataDir: string;
  readonly tablePrefix: string;
  /** Port of DynamoDB Local; 0 picks a free one. */
  readonly dynamoPort: number;
  /** Run the stream consumers (projector, publisher); off only to measure or run the write side alone. */
  readonly pipelines: boolean;
}

const portOf = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
};

/** Reads PORT (3000), FIDUCIA_DATA_DIR (.data), FIDUCIA_TABLE_PREFIX (fiducia-), FIDUCIA_DYNAMODB_PORT (0), FIDUCIA_PIPELINES (on). */
export const runtimeConfig = (env: NodeJS.ProcessEnv = process.env): RuntimeConfig => ({
  host: '127.0.0.1',
  port: portOf('PORT', env.PORT, 3000),
  // An empty variable (as containers often pass one) counts as unset: it must not resolve to the working directory.
  dataDir: resolve(env.FIDUCIA_DATA_DIR || '.data'),
  tablePrefix: env.FIDUCIA_TABLE_PREFIX || 'fiducia-',
  dynamoPort: portOf('FIDUCIA_DYNAMODB_PORT', env.FIDUCIA_DYNAMODB_PORT, 0),
  pipelines: env.FIDUCIA_PIPELINES !== 'off',
});

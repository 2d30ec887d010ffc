import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeConfig } from '../../../adapters/local/runtimeConfig.js';

describe('runtimeConfig', () => {
  it('reads the defaults, and an empty variable (as containers pass them) as unset, never as the working directory', () => {
    for (const env of [{}, { FIDUCIA_DATA_DIR: '', FIDUCIA_TABLE_PREFIX: '', PORT: '' }]) {
      expect(runtimeConfig(env)).toEqual({ host: '127.0.0.1', port: 3000, dataDir: resolve('.data'), tablePrefix: 'fiducia-', dynamoPort: 0, pipelines: true });
    }
    expect(runtimeConfig({ FIDUCIA_DATA_DIR: '/srv/fiducia', PORT: '8080', FIDUCIA_PIPELINES: 'off' })).toMatchObject({ dataDir: '/srv/fiducia', port: 8080, pipelines: false });
    expect(() => runtimeConfig({ PORT: 'http' })).toThrow(/PORT must be a port number/);
  });
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One in-memory DynamoDB Local for the whole run; each test file gets its own tables.
    globalSetup: ['tests/support/globalSetup.ts'],
    // Two cores: two test files at a time.
    maxWorkers: 2,
    // The lockfile pins SDK versions that support Node 20; the SDK's notice about future releases is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.ci/results.json' } : undefined,
  },
});

// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layering: each folder may import only the folders inside it (see docs in README). */
const layer = (files, forbidden) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [{ group: forbidden, message: 'Dependencies point inward only (see README, Architecture).' }],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.data/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Tests navigate JSON answers freely; production code may not.
  { files: ['tests/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  layer(['domain/**/*.ts'], ['**/application/**', '**/adapters/**', '**/projections/**', '**/infra/**', 'hono', 'hono/*', '@aws-sdk/*', 'node:*']),
  layer(['application/**/*.ts'], ['**/adapters/**', '**/projections/**', '**/infra/**', 'hono', 'hono/*', '@aws-sdk/*']),
  layer(['projections/**/*.ts'], ['**/adapters/**', '**/application/**', '!**/application/ports/**', '**/infra/**', 'hono', 'hono/*', '@aws-sdk/*']),
);

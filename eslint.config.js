// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering: each folder may import only itself, the folders inside it and the packages it lists. An allow-list, so a
 * new dependency in an inner layer is a decision, not an accident.
 */
const layer = (files, packages, outer, passages = []) => {
  const message = 'Dependencies point inward only, and inner layers use only the packages eslint.config.js lists (see README, Architecture).';
  const alternatives = (names) => names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const passage = passages.length === 0 ? '' : `(?!(?:${alternatives(passages)})/)`;
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // Anything but a relative path or a listed package (or one of its subpaths).
            { regex: `^(?!\\.{1,2}/|(?:${alternatives(packages)})(?:/|$))`, message },
            // A path into an outer folder, unless through one of the passages (subfolders it may reach).
            { regex: `(?:^|/)${passage}(?:${alternatives(outer)})/`, message },
          ],
        },
      ],
    },
  };
};

/** The pure core's packages: functional types, runtime codecs, decimal arithmetic. */
const corePackages = ['fp-ts', 'io-ts', 'decimal.js'];

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
  layer(['domain/**/*.ts'], corePackages, ['application', 'adapters', 'projections', 'infra']),
  layer(['application/**/*.ts'], corePackages, ['adapters', 'projections', 'infra']),
  // Projections also derive keys and cursors: hashing and base64 are computation, not I/O.
  layer(['projections/**/*.ts'], [...corePackages, 'node:buffer', 'node:crypto'], ['adapters', 'application', 'infra'], ['application/ports']),
);

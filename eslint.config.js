// Typed lint: un-awaited SSH and Slack promises are where bugs hide, so the
// promise rules are errors, not warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pureCore from './scripts/pure-core.json' with { type: 'json' };

export default tseslint.config(
  { ignores: ['scripts/**', 'node_modules/**', 'coverage/**', 'data/**', 'bin/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The few CommonJS files (a worker thread's source, run as is under tsx, vitest and the build).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pure core never touches the world: no I/O modules, no clock, no randomness, no environment.
    // The list is shared with test/architecture/pure-core.test.ts, which also checks what they import.
    files: pureCore.modules,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'net',
                'child_process',
                'os',
                'crypto',
                'http',
                'https',
                'worker_threads',
                'ssh2',
                'better-sqlite3',
                'axios',
                'axios-*',
                'googleapis',
                'node-cron',
                '@slack/*',
              ],
              allowTypeImports: true,
              message: 'The pure core does no I/O: take the effect through a port (src/ports).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'The pure core never reads the clock: use the Clock port.',
        },
        { object: 'performance', property: 'now', message: 'The pure core never reads the clock.' },
        {
          object: 'Math',
          property: 'random',
          message: 'The pure core is deterministic: pass randomness in.',
        },
        { object: 'crypto', property: 'randomUUID', message: 'The pure core is deterministic.' },
        { object: 'process', property: 'env', message: 'Settings come from src/config, passed in.' },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'fetch', 'setTimeout', 'setInterval', 'setImmediate', 'require'].map((name) => ({
          name,
          message: 'The pure core has no effects: take them through a port.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the clock: take the time from the Clock port.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'Date() reads the clock: take the time from the Clock port.',
        },
      ],
    },
  },
);

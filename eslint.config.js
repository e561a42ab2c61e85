// Typed lint: un-awaited SSH and Slack promises are where bugs hide, so the
// promise rules are errors, not warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // The pure core never touches the world: no I/O modules, no clock.
    files: [
      'src/procedures/engine/**/*.ts',
      'src/devices/iosxe/parsers/**/*.ts',
      'src/approvals/policy*.ts',
      'src/scheduler/due*.ts',
      'src/devices/iosxe/plan.ts',
      'src/devices/iosxe/issu.ts',
      'src/devices/iosxe/verify.ts',
      'src/planning/advisory.ts',
      'src/planning/plan-advisory.ts',
      'src/planning/host-method.ts',
      'src/inventory/window-rule.ts',
      'src/integrations/run-outcome.ts',
      'src/integrations/*/*-mapper.ts',
      'src/integrations/freshservice/change-draft.ts',
      'src/integrations/gmail/compose-mail.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:fs*',
            'node:net',
            'node:child_process',
            'ssh2',
            'better-sqlite3',
            'axios',
            '@slack/*',
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the Clock port.' },
      ],
    },
  },
);

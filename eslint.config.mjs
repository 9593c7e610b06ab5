import nx from '@nx/eslint-plugin';

// Libraries that touch the outside world. `events` and `features` (tag io:none) must stay pure
// so the same code runs online, offline and in tests (DESIGN.md section 2).
const ioLibraries = [
  'kafkajs',
  'ioredis',
  'pg',
  'typeorm',
  '@nestjs/typeorm',
  'better-sqlite3',
  '@aws-sdk/*',
  'onnxruntime-node',
  'piscina',
  '@nestjs/microservices',
  '@nestjs/platform-express',
  '@nestjs/platform-fastify',
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.nx', '**/coverage', '**/tmp', '**/.run', '**/.cache'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:runtime', 'type:test-infra'],
            },
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:util', 'type:test-infra'] },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:runtime', 'type:test-infra'],
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:test-infra'] },
            { sourceTag: 'type:test-infra', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:runtime', 'type:test-infra'] },
            { sourceTag: 'io:none', bannedExternalImports: ioLibraries },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Nx's rule sees npm packages only; node's built-in I/O modules are banned here by path.
    files: ['libs/events/src/**/*.ts', 'libs/features/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioLibraries
            .filter((name) => !name.includes('*'))
            .map((name) => ({ name, message: 'events and features stay free of I/O (DESIGN.md section 2).' })),
        },
      ],
    },
  },
];

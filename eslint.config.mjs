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

// Which layers each layer may import (DESIGN.md section 2): app → feature → data-access → util,
// never upwards, and a feature never imports another feature (one capability each). `type:testing`
// (@platform/testing: the dev servers' addresses and real-server harnesses) is for spec files and
// `src/testing/` folders only, which every production build excludes; `withTesting` adds it for
// them. Nothing may import `type:tool` (tools/), so no lib or app depends on tools/.
const layers = {
  'type:app': ['type:feature', 'type:data-access', 'type:util'],
  'type:feature': ['type:data-access', 'type:util'],
  'type:data-access': ['type:data-access', 'type:util'],
  'type:util': ['type:util'],
  'type:testing': ['type:util'],
  'type:tool': ['type:feature', 'type:data-access', 'type:util', 'type:testing'],
};

function moduleBoundaries(withTesting) {
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: [],
      depConstraints: [
        ...Object.entries(layers).map(([sourceTag, allowed]) => ({
          sourceTag,
          onlyDependOnLibsWithTags: withTesting && !allowed.includes('type:testing') ? [...allowed, 'type:testing'] : allowed,
        })),
        { sourceTag: 'io:none', bannedExternalImports: ioLibraries },
      ],
    },
  ];
}

const testSources = ['**/*.spec.ts', '**/src/testing/**/*.ts'];

// A lib's own harness (`@platform/<lib>/testing`, its `src/testing/` folder) is for tests too.
const testingEntries = { group: ['@platform/*/testing'], message: 'test harnesses are for spec files and src/testing/ folders only.' };

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
      '@nx/enforce-module-boundaries': moduleBoundaries(false),
      'no-restricted-imports': ['error', { patterns: [testingEntries] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tools (benchmarks, dev servers) never ship in a production build either.
    files: [...testSources, 'tools/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(true), 'no-restricted-imports': 'off' },
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
          patterns: [testingEntries],
        },
      ],
    },
  },
];

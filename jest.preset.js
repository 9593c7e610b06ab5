const nxPreset = require('@nx/jest/preset').default;
const { join } = require('node:path');

// Worker threads started by code under test (piscina trial workers) compile TypeScript with
// @swc-node/register, which resolves the `@platform/*` aliases from this tsconfig.
process.env.SWC_NODE_PROJECT ??= join(__dirname, 'tsconfig.base.json');

// One SWC transform for every project: fast, and it keeps NestJS decorator metadata.
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // Jest runs modules in a vm context where every global lookup goes through an interceptor
  // (jestjs/jest#5163): hot loops touching Math or Buffer run many times slower than in node.
  // Injected globals are looked up once per module instead.
  // (Not Buffer: some packages declare their own `const { Buffer }`, which then collides.)
  sandboxInjectedGlobals: ['Math', 'Number', 'String', 'JSON', 'Date', 'Object', 'Array', 'Symbol', 'Promise'],
  reporters: ['default', join(__dirname, 'tools/scripts/jest-count-reporter.js')],
};

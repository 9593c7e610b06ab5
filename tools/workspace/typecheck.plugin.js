// Nx plugin: a `typecheck` target for every project that has a tsconfig.spec.json. Builds
// compile only production sources (specs and src/testing/ excluded), so without this a type
// error in a spec or a test harness went unnoticed until jest (which transpiles without
// checking) ran into it, or never. Runs tsc --noEmit over the spec config and over the
// production config (tsconfig.lib.json or tsconfig.app.json) when there is one.
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

const TSC = 'node node_modules/typescript/bin/tsc --noEmit -p';

module.exports = {
  name: 'platform-typecheck',
  createNodes: [
    '**/tsconfig.spec.json',
    (files, _options, context) =>
      files
        .filter((file) => !file.includes('node_modules/') && existsSync(join(context.workspaceRoot, dirname(file), 'project.json')))
        .map((file) => {
          const root = dirname(file);
          const configs = ['tsconfig.spec.json', 'tsconfig.lib.json', 'tsconfig.app.json']
            .map((name) => join(root, name))
            .filter((config) => existsSync(join(context.workspaceRoot, config)));
          return [
            file,
            {
              projects: {
                [root]: {
                  targets: {
                    typecheck: {
                      executor: 'nx:run-commands',
                      options: { commands: configs.map((config) => `${TSC} ${config}`), parallel: false, cwd: '{workspaceRoot}' },
                      inputs: ['default', '^default', '{workspaceRoot}/tsconfig.base.json'],
                      cache: true,
                    },
                  },
                },
              },
            },
          ];
        }),
  ],
};

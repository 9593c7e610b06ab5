// Entry file of the trial worker threads (piscina loads it in each worker).
//
// Why this file exists: a worker thread is a fresh Node environment, so it cannot run
// TypeScript unless something compiles it. When the library runs from source (under jest,
// whose @swc/jest transform covers the main thread only, or under `node -r @swc-node/register`)
// this file is loaded as `trial-worker.entry.ts`; it then registers @swc-node/register in the
// worker, pointed at the workspace's tsconfig.base.json so that `@platform/*` imports resolve,
// before requiring the real module. Built with tsc (or bundled as its own webpack entry) it is
// plain `.js` and needs nothing. The file is therefore written in the common subset of
// TypeScript and JavaScript: Node loads a `.ts` file it has no hook for as JavaScript.
if (__filename.endsWith('.ts')) {
  if (!process.env.SWC_NODE_PROJECT) {
    process.env.SWC_NODE_PROJECT = require('node:path').join(__dirname, '..', '..', '..', '..', '..', 'tsconfig.base.json');
  }
  require('@swc-node/register');
}
module.exports = require('./trial.worker');

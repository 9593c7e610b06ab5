// Entry file of the event parse worker threads (piscina loads it in each worker).
//
// A worker thread is a fresh Node environment: under jest or `node -r @swc-node/register` this
// file is loaded as `.ts` and registers @swc-node/register in the worker (pointed at the
// workspace's tsconfig.base.json so that `@platform/*` imports resolve) before requiring the real
// module. A webpack app bundles it as an entry of its own (`event-parse-worker.entry.js` next to
// main.js) and it needs nothing. Written in the common subset of TypeScript and JavaScript, like
// libs/training's trial-worker.entry.ts.
if (__filename.endsWith('.ts')) {
  if (!process.env.SWC_NODE_PROJECT) {
    process.env.SWC_NODE_PROJECT = require('node:path').join(__dirname, '..', '..', '..', '..', '..', 'tsconfig.base.json');
  }
  require('@swc-node/register');
}
module.exports = require('./event-parse.worker');

const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  // commonjs2: the parse worker bundle must export its task function for piscina (main.js ignores it).
  output: { path: join(__dirname, '../../dist/apps/ingest-gateway'), library: { type: 'commonjs2' } },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // POST /events bodies are parsed on piscina worker threads: their entry is a bundle of its own.
      additionalEntryPoints: [{ entryName: 'event-parse-worker.entry', entryPath: 'libs/ingest/src/lib/events/event-parse-worker.entry.ts' }],
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};

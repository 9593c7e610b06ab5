const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  // commonjs2: the trial worker bundle must export its task function for piscina (main.js ignores it).
  output: { path: join(__dirname, '../../dist/apps/platform'), library: { type: 'commonjs2' } },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The trainer's piscina trial worker runs in its own thread, so it is a bundle of its own.
      // So are the ingest gateway's POST /events parse workers.
      additionalEntryPoints: [
        { entryName: 'trial-worker.entry', entryPath: 'libs/training/src/lib/trials/trial-worker.entry.ts' },
        { entryName: 'event-parse-worker.entry', entryPath: 'libs/ingest/src/lib/events/event-parse-worker.entry.ts' },
      ],
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};

import 'reflect-metadata';
import { parseStartOptions } from './cli/start-options';

// `npm start`: the whole platform in one process (see run-platform.ts and `npm start -- --help`).
// The apps are imported only after the options parse, so --help and a bad option answer at once.
const options = parseStartOptions(process.argv.slice(2));
import('./run-platform')
  .then(({ runPlatform }) => runPlatform(options, process.env))
  .catch((error: unknown) => {
    // The message names the fix; the stack is for LOG_LEVEL=debug or verbose.
    const verbose = ['debug', 'verbose'].includes(process.env['LOG_LEVEL'] ?? '');
    console.error(`npm start: ${verbose ? ((error as Error).stack ?? String(error)) : ((error as Error).message ?? String(error))}`);
    process.exit(1);
  });

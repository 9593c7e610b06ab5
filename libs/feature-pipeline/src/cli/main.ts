import 'reflect-metadata';
import { processorCli } from './processor-cli';

// node -r @swc-node/register libs/feature-pipeline/src/cli/main.ts <command> (or: npx nx run stream-processor:<command> -- ...)
processorCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`stream-processor: ${(error as Error).message}\n`);
    process.exit(1);
  });

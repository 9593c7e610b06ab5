import 'reflect-metadata';
import { ingestCli } from './ingest-cli';

// node -r @swc-node/register libs/ingest/src/cli/main.ts <command> (or: npx nx run ingest-gateway:<command> -- ...)
ingestCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`ingest: ${(error as Error).message}\n`);
    process.exit(1);
  });

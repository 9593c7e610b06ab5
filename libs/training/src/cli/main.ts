import 'reflect-metadata';
import { trainerCli } from './trainer-cli';

// node -r @swc-node/register libs/training/src/cli/main.ts train ... (or: npx nx run trainer:train -- ...)
trainerCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    const { code } = error as { code?: string };
    process.stderr.write(`trainer: ${code ? `${code}: ` : ''}${(error as Error).message}\n`);
    process.exit(1);
  });

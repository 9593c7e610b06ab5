import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const MAIN = join(ROOT, 'apps/platform/src/main.ts');
/** What `npx nx run trainer:train` runs (apps/trainer/project.json). */
export const TRAINER_CLI = join(ROOT, 'libs/training/src/cli/main.ts');

/** `npm start`'s own command line (package.json), run in a scratch folder so its `.data/` is the test's. */
export function npmStart(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  main = MAIN,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), main, ...args], {
    cwd,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export const curlOf = (output: string) => /^\s*(curl -s -X POST .*)$/m.exec(output)?.[1];

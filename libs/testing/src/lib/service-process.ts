import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT as WORKSPACE } from './workspace-root';

export interface ServiceProcess {
  url: string;
  output: () => string;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  child: ChildProcess;
}

/**
 * Starts an app's `main.ts` from source as a real process (as `nx serve` would, minus the build),
 * resolving when it logs `listening on <url>`, or rejecting with its output when it exits first.
 */
export function startServiceProcess(
  main: string,
  env: Record<string, string | undefined> = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), join(WORKSPACE, main)], {
    cwd: env['PLATFORM_CWD'] ?? WORKSPACE,
    env: { PATH: process.env['PATH'], SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.base.json'), PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return untilListening(child, main);
}

/** Starts a built app as its image does: `node main.js` in the bundle's folder, nothing else on the path. */
export function startBuiltServiceProcess(bundleDir: string, env: Record<string, string | undefined> = {}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['main.js'], {
    cwd: bundleDir,
    env: { PATH: process.env['PATH'], NODE_ENV: 'production', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return untilListening(child, join(bundleDir, 'main.js'));
}

function untilListening(child: ChildProcess, main: string): Promise<ServiceProcess> {
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const [, url] = /listening on (http:\/\/\S+?)\s/.exec(output) ?? [];
      if (url !== undefined) {
        resolve({
          url: url.replace('[::1]', '127.0.0.1'),
          output: () => output,
          child,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`${main} exited (code ${code}, signal ${signal}) before listening:\n${output}`)),
    );
  });
}

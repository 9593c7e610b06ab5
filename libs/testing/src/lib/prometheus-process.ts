import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitUntil } from './wait-until';

/** The Prometheus binary tools/dev-services installs (Debian's package). */
const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export interface PrometheusProcess {
  url: string;
  /** GET /api/v1/<path> with query parameters; the `data` of a successful answer. */
  api: <T>(path: string, params?: Record<string, string>) => Promise<T>;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * A Prometheus of its own (not the shared one of tools/dev-services): the same binary with the given
 * configuration, a data folder under `dir` and a free loopback port; resolves once it is ready.
 */
export async function startPrometheus(configFile: string, dir: string): Promise<PrometheusProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => (output += `\n${error.message} (npm run services:up installs Prometheus)`));

  const ready = async () => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Prometheus exited before it was ready:\n${output}`);
    return fetch(`${url}/-/ready`).then((response) => response.status, () => 0);
  };
  await waitUntil(`Prometheus on ${url} to be ready`, ready, (status) => status === 200, 30_000);

  return {
    url,
    output: () => output,
    api: async <T>(path: string, params: Record<string, string> = {}) => {
      const response = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
      const body = (await response.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`Prometheus /api/v1/${path} ${JSON.stringify(params)}: ${body.error}`);
      return body.data;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

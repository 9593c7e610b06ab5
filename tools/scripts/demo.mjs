// The platform's main job on the embedded defaults (no server needed). For now it starts the four
// apps from source, checks that each answers /health/live, and stops them; `--keep` leaves them
// running until Ctrl-C.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const keep = process.argv.includes('--keep');
const apps = [
  ['inference-api', 8000],
  ['ingest-gateway', 3001],
  ['stream-processor', 3002],
  ['trainer', 3003],
];

const children = apps.map(([name, port]) => {
  const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), join(root, 'apps', name, 'src', 'main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { name, port, child, output: () => output };
});

const stopAll = () => Promise.all(children.map(({ child }) => new Promise((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', resolve);
  child.kill('SIGTERM');
})));

async function waitLive({ name, port, child, output }) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer on port ${port} within 60 s:\n${output()}`);
}

try {
  await Promise.all(children.map(waitLive));
  for (const { name, port } of children) console.log(`${name.padEnd(18)} http://127.0.0.1:${port}/health/live  ok`);
  if (keep) {
    console.log('running on the embedded defaults; Ctrl-C stops them');
    process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  } else {
    await stopAll();
    console.log('all four apps started on the embedded defaults and stopped cleanly');
  }
} catch (error) {
  console.error(error.message);
  await stopAll();
  process.exit(1);
}

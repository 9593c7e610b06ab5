import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeBenchSection } from './bench-doc';

const ROOT = join(__dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'benchmarks.md');

/** Every benchmark the platform should have (issue 16), in the order of the data's path. */
const EXPECTED: readonly { name: string; what: string }[] = [
  { name: 'ingest', what: 'ingest gateway: POST /events and bulk load into the lake' },
  { name: 'stream', what: 'stream processor: lake object → features in Redis and rows in PostgreSQL' },
  { name: 'train', what: 'trainer: dataset, search and fit against LightGBM' },
  { name: 'inference', what: 'inference API: /predict latency and throughput' },
  { name: 'ml', what: 'libs/ml GBDT against LightGBM' },
  { name: 'materialize', what: 'materialize: the online store rebuilt from the offline store' },
];

interface Outcome {
  name: string;
  what: string;
  status: 'ran' | 'failed' | 'missing';
  seconds: number;
}

/**
 * `npm run bench`: brings the real servers up, builds the four apps (the benchmarks measure the
 * built bundles), runs every benchmark that exists, one process each so one's memory and metrics
 * never colour another's, and writes the summary section of docs/benchmarks.md: machine, date,
 * and each benchmark's status (a missing one is named, never silently skipped). Exit 1 when one
 * is missing or failed.
 */
export function runAllBenchmarks(available: readonly string[]): void {
  const started = new Date();
  const loadAtStart = loadavg()[0] ?? 0;
  step('real servers (tools/dev-services/ensure-up.sh)');
  mustRun('bash', ['tools/dev-services/ensure-up.sh']);
  step('building the four apps (benchmarks measure dist/apps/<app>/main.js)');
  mustRun('npx', ['nx', 'run-many', '-t', 'build', '-p', 'ingest-gateway', 'stream-processor', 'trainer', 'inference-api', '--outputStyle=static']);

  const outcomes: Outcome[] = [];
  for (const { name, what } of EXPECTED) {
    if (!available.includes(name)) {
      console.error(`\n::: ${name}: MISSING (no benchmark registered in tools/bench/main.ts)`);
      outcomes.push({ name, what, status: 'missing', seconds: 0 });
      continue;
    }
    step(`${name}: ${what}`);
    const t0 = performance.now();
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'main.ts'), name], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
    });
    const seconds = (performance.now() - t0) / 1000;
    outcomes.push({ name, what, status: result.status === 0 ? 'ran' : 'failed', seconds });
  }
  for (const extra of available.filter((name) => !EXPECTED.some((expected) => expected.name === name))) {
    console.error(`::: ${extra}: registered but not in run-all's list: add it to EXPECTED to run it here`);
  }

  writeBenchSection(DOC, 'summary', summarySection(outcomes, started, loadAtStart));
  console.log('\n| benchmark | status | minutes |');
  for (const outcome of outcomes) console.log(`| ${outcome.name} | ${outcome.status} | ${(outcome.seconds / 60).toFixed(1)} |`);
  const bad = outcomes.filter((outcome) => outcome.status !== 'ran');
  if (bad.length > 0) {
    console.error(`\n${bad.map((outcome) => `${outcome.name} ${outcome.status}`).join(', ')}: docs/benchmarks.md's summary says so`);
    process.exitCode = 1;
  }
}

function summarySection(outcomes: readonly Outcome[], started: Date, loadAtStart: number): string {
  const cpu = cpus();
  const rows = outcomes.map(({ name, what, status, seconds }) => {
    const shown = status === 'ran' ? 'ran: figures in its section below' : status === 'failed' ? 'FAILED: its section below is from an earlier run' : 'MISSING: not written yet';
    return `| ${name} | ${what} | ${shown} | ${status === 'missing' ? '' : (seconds / 60).toFixed(1)} |`;
  });
  return [
    '## Summary (`npm run bench`)',
    '',
    'Written by `tools/bench/run-all.ts` when `npm run bench` runs every benchmark; do not edit by hand.',
    '',
    `- Date: ${started.toISOString()}`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `load average ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end (other work on the machine slows every figure).`,
    '- Each benchmark runs in its own process against the real servers of tools/dev-services, after the four apps are built.',
    '',
    '| benchmark | measures | status | minutes |',
    '|---|---|---|---:|',
    ...rows,
  ].join('\n');
}

function step(what: string): void {
  console.error(`\n::: ${what}`);
}

function mustRun(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: fix that first, then npm run bench again`);
}

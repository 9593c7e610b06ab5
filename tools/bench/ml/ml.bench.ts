/**
 * Benchmark of libs/ml's GBDT trainer against LightGBM on the same data and parameters.
 *
 *   node -r @swc-node/register tools/bench/ml/ml.bench.ts      (or: npm run bench -- ml)
 *
 * 1. Writes the synthetic problem of ml-bench-problem.ts (1,000,000 training rows, 200,000
 *    held out, 25 features) to ~/.cache/platform-bench/ml-data.
 * 2. Trains libs/ml in a child process (ml-train.child.ts): 200 trees, 31 leaves, learning rate
 *    0.1, max_bin 255, min_data_in_leaf 20, one thread.
 * 3. Trains LightGBM with the same parameters and num_threads=1 (lightgbm_baseline.py) in a
 *    venv at ~/.cache/platform-bench/venv, created with `pip install lightgbm numpy` if missing.
 * 4. Prints a table and writes it between the ml markers of docs/benchmarks.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { writeBenchSection } from '../bench-doc';
import { LIGHTGBM_VENV_DIR, ML_BENCH, ML_BENCH_DATA_DIR, TrainerReport } from './ml-bench.config';
import { writeMlBenchData } from './ml-bench-data';

const ROOT = resolve(__dirname, '..', '..', '..');
const COMMAND = 'node -r @swc-node/register tools/bench/ml/ml.bench.ts';
const AIM_AUC_GAP = 0.002;
/** Issue 13: training time at most 1.2x LightGBM's, one thread each. */
const AIM_TIME_RATIO = 1.2;

export function runMlBench(): void {
  const loadAtStart = loadavg()[0] ?? 0;
  log(`writing ${ML_BENCH.numTrain + ML_BENCH.numHeldOut} rows to ${ML_BENCH_DATA_DIR}`);
  writeMlBenchData(ML_BENCH_DATA_DIR);

  log('training libs/ml (one thread)');
  const ours = runReport(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'ml-train.child.ts'), ML_BENCH_DATA_DIR]);

  const python = ensureLightGbmVenv();
  log('training LightGBM (num_threads=1)');
  const lightgbm = runReport(python, [join(__dirname, 'lightgbm_baseline.py'), ML_BENCH_DATA_DIR]);

  const table = renderTable(ours, lightgbm);
  process.stdout.write(`\n${table}\n`);
  const docPath = join(ROOT, 'docs', 'benchmarks.md');
  writeBenchSection(docPath, 'ml', renderSection(table, loadAtStart));
  log(`wrote the ml section of ${relative(ROOT, docPath)}`);
}

export function ensureLightGbmVenv(): string {
  const python = join(LIGHTGBM_VENV_DIR, 'bin', 'python');
  const ready =
    existsSync(python) && spawnSync(python, ['-c', 'import lightgbm, numpy'], { stdio: 'ignore' }).status === 0;
  if (!ready) {
    log(`creating ${LIGHTGBM_VENV_DIR} and installing lightgbm and numpy from PyPI`);
    execFileSync('python3', ['-m', 'venv', LIGHTGBM_VENV_DIR], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', 'lightgbm', 'numpy'], { stdio: 'inherit' });
  }
  return python;
}

/** Runs one trainer; its progress goes to our stderr, its last stdout line is the report. */
function runReport(command: string, args: string[]): TrainerReport {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${String(result.status)}`);
  }
  const report = result.stdout.trim().split('\n').at(-1);
  if (!report) throw new Error(`${command} ${args.join(' ')} printed no report (its last stdout line is the JSON report)`);
  return JSON.parse(report) as TrainerReport;
}

function renderTable(ours: TrainerReport, lightgbm: TrainerReport): string {
  const timeRatio = ours.trainingSeconds / lightgbm.trainingSeconds;
  const cpuRatio = ours.trainingCpuSeconds / lightgbm.trainingCpuSeconds;
  const aucGap = lightgbm.auc - ours.auc;
  const row = (r: TrainerReport): string =>
    `| ${r.trainer} | ${r.binningSeconds.toFixed(1)} | ${r.trainingSeconds.toFixed(1)} | ${r.trainingCpuSeconds.toFixed(1)} | ${r.auc.toFixed(5)} | ${r.peakRssMb.toFixed(0)} |`;
  return [
    '| trainer | binning (s) | training (s) | training CPU (s) | held-out AUC | peak RSS (MB) |',
    '|---|---:|---:|---:|---:|---:|',
    row(ours),
    row(lightgbm),
    `| libs/ml vs LightGBM | ${(ours.binningSeconds / lightgbm.binningSeconds).toFixed(2)}x | ${timeRatio.toFixed(2)}x | ${cpuRatio.toFixed(2)}x | ${(-aucGap >= 0 ? '+' : '') + (-aucGap).toFixed(5)} | ${(ours.peakRssMb / lightgbm.peakRssMb).toFixed(2)}x |`,
    '',
    `Aims: AUC within ${AIM_AUC_GAP} of LightGBM: ${Math.abs(aucGap) <= AIM_AUC_GAP || aucGap < 0 ? 'met' : 'missed'}; ` +
      `training time within ${AIM_TIME_RATIO}x: ${timeRatio <= AIM_TIME_RATIO ? 'met' : 'missed'} (wall), ` +
      `${cpuRatio <= AIM_TIME_RATIO ? 'met' : 'missed'} (CPU).`,
  ].join('\n');
}

function renderSection(table: string, loadAtStart: number): string {
  const cpu = cpus();
  return [
    '## ml',
    '',
    'GBDT training, libs/ml against LightGBM (written by `tools/bench/ml/ml.bench.ts`; do not edit by hand).',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; ` +
      `load average ${loadAtStart.toFixed(1)} at start (other work on the machine slows both trainers; CPU time suffers less)`,
    `- Command: \`${COMMAND}\``,
    `- Data: ${ML_BENCH.numTrain.toLocaleString('en')} training rows, ${ML_BENCH.numHeldOut.toLocaleString('en')} held out, 25 features ` +
      '(one categorical, one with 10% missing); formula and seed in `tools/bench/ml/ml-bench-problem.ts`.',
    `- Parameters (both): ${ML_BENCH.numTrees} trees, ${ML_BENCH.numLeaves} leaves, learning rate ${ML_BENCH.learningRate}, ` +
      `max_bin ${ML_BENCH.maxBin}, min_data_in_leaf ${ML_BENCH.minDataInLeaf}, one thread.`,
    '- Binning is LightGBM Dataset construction on its side; peak RSS is each trainer process\'s high-water mark, data included.',
    '',
    table,
  ].join('\n');
}

function log(message: string): void {
  process.stderr.write(`[bench:ml] ${message}\n`);
}

if (require.main === module) {
  runMlBench();
}

/**
 * Benchmark of the trainer against LightGBM on the trainer's own examples (issue 13).
 *
 *   npm run bench -- train      (node -r @swc-node/register tools/bench/train/train.bench.ts)
 *
 * For each stream (the 300k real REES46 rows; the simulator's 1M events, seed 42):
 * 1. loads its events into a scratch PostgreSQL offline store (the dev servers), as the stream
 *    processor stores them (libs/events cleaning, libs/offline-store);
 * 2. builds the trainer's dataset from it in a process of its own (libs/training, default
 *    examples, 70/15/15 time split): build time and that process's peak RSS; exports the encoded
 *    splits to ~/.cache/platform-bench/train-data/<stream>;
 * 3. fits libs/ml and LightGBM (PyPI, the ml benchmark's venv) on the same training rows with the
 *    same parameters, one thread each: training time and test ROC-AUC;
 * 4. prints a table and writes the train section of docs/benchmarks.md.
 */
import { createScratchDatabase } from '@platform/testing';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { writeBenchSection } from '../bench-doc';
import { ensureLightGbmVenv } from '../ml/ml.bench';
import {
  DatasetReport,
  FitReport,
  TRAIN_BENCH_AIMS,
  TRAIN_BENCH_DATA_DIR,
  TRAIN_BENCH_PARAMS,
  TRAIN_BENCH_SOURCES,
  TrainBenchSource,
} from './train-bench.config';

const ROOT = resolve(__dirname, '..', '..', '..');
const COMMAND = 'npm run bench -- train';
const SWC = ['-r', '@swc-node/register'];

interface SourceResult {
  readonly dataset: DatasetReport;
  readonly ours: FitReport;
  readonly lightgbm: FitReport;
}

export async function runTrainBench(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  const python = ensureLightGbmVenv();
  const results: Partial<Record<TrainBenchSource, SourceResult>> = {};
  for (const source of Object.keys(TRAIN_BENCH_SOURCES) as TrainBenchSource[]) {
    const database = await createScratchDatabase(`bench_train_${source}`);
    try {
      log(`${source}: loading ${TRAIN_BENCH_SOURCES[source].label} into a scratch offline store (${database.name})`);
      runChild(process.execPath, [...SWC, join(__dirname, 'train-dataset.child.ts'), 'load', source, database.url]);
      const dir = join(TRAIN_BENCH_DATA_DIR, source);
      log(`${source}: building the trainer's dataset (own process) and exporting it to ${dir}`);
      const dataset = runReport<DatasetReport>(process.execPath, [...SWC, join(__dirname, 'train-dataset.child.ts'), 'build', source, database.url, dir]);
      log(`${source}: fitting libs/ml (one thread)`);
      const ours = runReport<FitReport>(process.execPath, [...SWC, join(__dirname, 'train-fit.child.ts'), dir]);
      log(`${source}: fitting LightGBM (num_threads=1)`);
      const lightgbm = runReport<FitReport>(python, [join(__dirname, 'lightgbm_train.py'), dir, JSON.stringify(lightGbmParams())]);
      results[source] = { dataset, ours, lightgbm };
    } finally {
      await database.drop();
    }
  }
  const table = renderTables(results as Record<TrainBenchSource, SourceResult>);
  process.stdout.write(`\n${table}\n`);
  const docPath = join(ROOT, 'docs', 'benchmarks.md');
  writeBenchSection(docPath, 'train', renderSection(table, loadAtStart));
  log(`wrote the train section of ${relative(ROOT, docPath)}`);
}

/** The same fit in LightGBM's names (its defaults equal libs/ml's for everything not listed). */
function lightGbmParams(): Record<string, number | string> {
  const p = TRAIN_BENCH_PARAMS;
  return {
    objective: 'binary',
    num_trees: p.numTrees,
    num_leaves: p.numLeaves,
    learning_rate: p.learningRate,
    min_data_in_leaf: p.minDataInLeaf,
    lambda_l2: p.lambdaL2,
    max_bin: p.maxBin,
    bin_construct_sample_cnt: p.binSampleSize,
    seed: p.seed,
    num_threads: 1,
    verbose: -1,
  };
}

function runChild(command: string, args: string[]): string {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${String(result.status)}`);
  return result.stdout;
}

/** Runs a step whose last stdout line is its JSON report. */
function runReport<T>(command: string, args: string[]): T {
  const lines = runChild(command, args).trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as T;
}

function renderTables(results: Record<TrainBenchSource, SourceResult>): string {
  const aims = TRAIN_BENCH_AIMS;
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  const lines = [
    '| stream | events | examples (train/validation/test) | positives | dataset build (s) | build peak RSS (MB) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const source of Object.keys(results) as TrainBenchSource[]) {
    const { dataset } = results[source];
    const { train, validation, test } = dataset.examples;
    lines.push(
      `| ${TRAIN_BENCH_SOURCES[source].label} | ${dataset.events.toLocaleString('en')} | ${train.toLocaleString('en')} / ${validation.toLocaleString('en')} / ${test.toLocaleString('en')} | ` +
        `${dataset.positives.toLocaleString('en')} | ${dataset.buildSeconds.toFixed(1)} | ${dataset.peakRssMb.toFixed(0)} |`,
    );
  }
  lines.push('', '| stream | trainer | binning (s) | training (s) | training CPU (s) | test ROC-AUC | fit peak RSS (MB) |', '|---|---|---:|---:|---:|---:|---:|');
  for (const source of Object.keys(results) as TrainBenchSource[]) {
    for (const fit of [results[source].ours, results[source].lightgbm]) {
      lines.push(
        `| ${source} | ${fit.trainer} | ${fit.binningSeconds.toFixed(1)} | ${fit.trainingSeconds.toFixed(1)} | ${fit.trainingCpuSeconds.toFixed(1)} | ${fit.testAuc.toFixed(5)} | ${fit.peakRssMb.toFixed(0)} |`,
      );
    }
  }
  lines.push('');
  const rees46 = results.rees46;
  const gap = rees46.lightgbm.testAuc - rees46.ours.testAuc;
  const ratio = rees46.ours.trainingSeconds / rees46.lightgbm.trainingSeconds;
  const cpuRatio = rees46.ours.trainingCpuSeconds / rees46.lightgbm.trainingCpuSeconds;
  const simulated = results.simulated;
  const best = TRAIN_BENCH_SOURCES.simulated.bestAuc;
  lines.push(
    `Aims on the real rows: test ROC-AUC within ${aims.aucGap} of LightGBM: ${met(gap <= aims.aucGap)} (${gap >= 0 ? '-' : '+'}${Math.abs(gap).toFixed(5)}); ` +
      `training time at most ${aims.timeRatio}x LightGBM's: ${met(ratio <= aims.timeRatio)} on wall time (${ratio.toFixed(2)}x), ` +
      `${met(cpuRatio <= aims.timeRatio)} on CPU time (${cpuRatio.toFixed(2)}x; the fairer figure on a shared machine).`,
    '',
    `Aims on 1M simulated events: dataset build at most ${aims.datasetSeconds} s: ${met(simulated.dataset.buildSeconds <= aims.datasetSeconds)} ` +
      `(${simulated.dataset.buildSeconds.toFixed(1)} s); peak RSS at most ${aims.datasetRssMb} MB: ${met(simulated.dataset.peakRssMb <= aims.datasetRssMb)} ` +
      `(${simulated.dataset.peakRssMb.toFixed(0)} MB); test ROC-AUC within ${aims.simulatorAucGap} of the best achievable ${best}: ` +
      `${met(best - simulated.ours.testAuc <= aims.simulatorAucGap)} (${simulated.ours.testAuc.toFixed(4)} with the fixed parameters, no search; ` +
      `LightGBM ${simulated.lightgbm.testAuc.toFixed(4)} on the same examples, so the gap is in what the features can see, not in the trainer).`,
  );
  return lines.join('\n');
}

function renderSection(table: string, loadAtStart: number): string {
  const cpu = cpus();
  const p = TRAIN_BENCH_PARAMS;
  return [
    '## train',
    '',
    'The trainer against LightGBM on the trainer\'s own examples (written by `tools/bench/train/train.bench.ts`; do not edit by hand).',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; load average ${loadAtStart.toFixed(1)} at start ` +
      '(other work on the machine slows every figure; CPU time suffers less)',
    `- Command: \`${COMMAND}\``,
    '- Data: events loaded into a scratch PostgreSQL offline store; the dataset is built by libs/training in a process of its own ' +
      '(default first-view examples, 70/15/15 time split; build time and that process\'s peak RSS), then its encoded splits are exported so that ' +
      'LightGBM reads the very same rows (NaN = missing, the categorical columns declared as such).',
    `- Fit (both, one thread): ${p.numTrees} trees, ${p.numLeaves} leaves, learning rate ${p.learningRate}, min_data_in_leaf ${p.minDataInLeaf}, ` +
      `lambda_l2 ${p.lambdaL2}, max_bin ${p.maxBin}, bin sample ${p.binSampleSize.toLocaleString('en')}; trained on the train split, scored on the test split. ` +
      'The search (ASHA, trials) is not timed here; its champion on the real rows is held to ROC-AUC >= 0.78 by apps/trainer/src/trainer.real.spec.ts.',
    '- The trainers run from source (libs/ml through @swc-node/register, as the trainer app\'s bundle runs the same code); LightGBM from PyPI in ~/.cache/platform-bench/venv.',
    '',
    table,
  ].join('\n');
}

function log(message: string): void {
  process.stderr.write(`[bench:train] ${message}\n`);
}

if (require.main === module) {
  void runTrainBench().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

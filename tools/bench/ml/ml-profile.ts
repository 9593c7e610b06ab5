/**
 * A reduced run of the ml benchmark for measuring trainer changes on a busy machine: trains
 * libs/ml on the first rows of the benchmark problem and prints training CPU time (user + system
 * of this process: on shared cores it varies far less than wall time), held-out AUC and a
 * fingerprint of the model, which tells whether a change kept the trees exactly the same.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/ml/ml-profile.ts \
 *     [--rows 200000] [--trees 50] [--repeat 1] [--bagging-fraction 1] [--feature-fraction 1]
 *
 * Add `--cpu-prof` after `node` for a profile. Not a benchmark: it writes nothing to the docs.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { HistogramBinner, createDataset, predictProbabilities, rocAuc, serializeTreeEnsembleModel, sliceRows, trainGbdt } from '@platform/ml';
import { ML_BENCH } from './ml-bench.config';
import { ML_BENCH_CATEGORICAL, ML_BENCH_NUM_FEATURES, generateMlBenchData } from './ml-bench-problem';

function main(): void {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '200000' },
      trees: { type: 'string', default: '50' },
      repeat: { type: 'string', default: '1' },
      // Exercise the bagging and feature-sampling paths too (off in the benchmark).
      'bagging-fraction': { type: 'string', default: '1' },
      'feature-fraction': { type: 'string', default: '1' },
    },
  });
  const numTrain = Number(values.rows);
  const numTrees = Number(values.trees);
  const numHeldOut = Math.ceil(numTrain / 5);
  const data = generateMlBenchData(numTrain + numHeldOut);
  const all = createDataset({
    values: data.features,
    featureNames: Array.from({ length: ML_BENCH_NUM_FEATURES }, (_, f) => `x${f}`),
    categoricalFeatures: ML_BENCH_CATEGORICAL,
    labels: data.labels,
  });
  const train = sliceRows(all, 0, numTrain);
  const heldOut = sliceRows(all, numTrain, numTrain + numHeldOut);
  const baggingFraction = Number(values['bagging-fraction']);
  const params = {
    numTrees,
    numLeaves: ML_BENCH.numLeaves,
    learningRate: ML_BENCH.learningRate,
    maxBin: ML_BENCH.maxBin,
    minDataInLeaf: ML_BENCH.minDataInLeaf,
    baggingFraction,
    baggingFreq: baggingFraction < 1 ? 1 : 0,
    featureFraction: Number(values['feature-fraction']),
  };
  const binningCpu = process.cpuUsage();
  const binned = new HistogramBinner({ maxBin: params.maxBin }).fitTransform(train);
  const binningSeconds = cpuSeconds(process.cpuUsage(binningCpu));
  process.stdout.write(`binning cpu ${binningSeconds.toFixed(2)} s\n`);

  for (let run = 0; run < Number(values.repeat); run++) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    const { model } = trainGbdt({ train, binned, params });
    const cpu = process.cpuUsage(cpuStarted);
    const wallSeconds = (performance.now() - started) / 1000;
    const auc = rocAuc(heldOut.labels ?? [], predictProbabilities(model, heldOut));
    const fingerprint = createHash('sha256').update(serializeTreeEnsembleModel(model)).digest('hex').slice(0, 16);
    process.stdout.write(
      `rows ${numTrain} trees ${numTrees}: cpu ${cpuSeconds(cpu).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}), ` +
        `wall ${wallSeconds.toFixed(2)} s, auc ${auc.toFixed(5)}, model ${fingerprint}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
    );
  }
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

main();

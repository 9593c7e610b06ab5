// Trains libs/ml on the benchmark data in a process of its own, so that its peak RSS is its
// own (data included, as for LightGBM). Prints progress to stderr and one JSON report line.
import { HistogramBinner, createDataset, predictProbabilities, rocAuc, sliceRows, trainGbdt } from '@platform/ml';
import { ML_BENCH, TrainerReport } from './ml-bench.config';
import { readMlBenchData } from './ml-bench-data';

function main(dir: string): void {
  const { meta, features, labels } = readMlBenchData(dir);
  const all = createDataset({
    values: features,
    layout: 'row-major',
    featureNames: Array.from({ length: meta.numFeatures }, (_, f) => `x${f}`),
    categoricalFeatures: [...meta.categorical],
    labels,
  });
  const train = sliceRows(all, 0, meta.numTrain);
  const heldOut = sliceRows(all, meta.numTrain, meta.numRows);
  const params = {
    numTrees: meta.numTrees,
    numLeaves: ML_BENCH.numLeaves,
    learningRate: ML_BENCH.learningRate,
    maxBin: ML_BENCH.maxBin,
    minDataInLeaf: ML_BENCH.minDataInLeaf,
  };

  let started = performance.now();
  const binned = new HistogramBinner({ maxBin: params.maxBin }).fitTransform(train);
  const binningSeconds = (performance.now() - started) / 1000;
  process.stderr.write(`[libs/ml] binned ${meta.numTrain} rows in ${binningSeconds.toFixed(1)} s\n`);

  started = performance.now();
  const cpuStarted = process.cpuUsage();
  const { model } = trainGbdt({
    train,
    binned,
    params,
    onRound: ({ round }) => {
      if (round % ML_BENCH.progressEvery !== 0) return;
      const seconds = (performance.now() - started) / 1000;
      const rate = round / seconds;
      const eta = (meta.numTrees - round) / rate;
      process.stderr.write(`[libs/ml] tree ${round}/${meta.numTrees}  ${rate.toFixed(2)} trees/s  ETA ${eta.toFixed(0)} s\n`);
    },
  });
  const trainingSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const trainingCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const auc = rocAuc(heldOut.labels ?? [], predictProbabilities(model, heldOut));
  const report: TrainerReport = {
    trainer: 'libs/ml (TypeScript)',
    binningSeconds,
    trainingSeconds,
    trainingCpuSeconds,
    auc,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: ml-train.child.ts <data dir> (the directory ml.bench.ts writes the data to)');
main(dataDir);

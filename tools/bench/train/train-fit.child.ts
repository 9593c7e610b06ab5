// The trainer's fit on the exported examples, in a process of its own (its peak RSS its own):
// the same GBDT code as the trainer's final fit (libs/ml), one thread. Prints one JSON line.
import { HistogramBinner, predictProbabilities, rocAuc, trainGbdt } from '@platform/ml';
import { readSplit } from './exported-dataset';
import { FitReport, TRAIN_BENCH_PARAMS } from './train-bench.config';

function main(dir: string): void {
  const train = readSplit(dir, 'train');
  const test = readSplit(dir, 'test');
  const params = { ...TRAIN_BENCH_PARAMS };

  let started = performance.now();
  const binned = new HistogramBinner({ maxBin: params.maxBin, sampleSize: params.binSampleSize, seed: params.seed }).fitTransform(train);
  const binningSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const cpuStarted = process.cpuUsage();
  const { model } = trainGbdt({
    train,
    binned,
    params,
    onRound: ({ round }) => {
      if (round % 50 !== 0) return;
      const rate = round / ((performance.now() - started) / 1000);
      process.stderr.write(`[libs/ml] tree ${round}/${params.numTrees}  ${rate.toFixed(2)} trees/s  ETA ${((params.numTrees - round) / rate).toFixed(0)} s\n`);
    },
  });
  const trainingSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const report: FitReport = {
    trainer: 'libs/ml (TypeScript)',
    binningSeconds,
    trainingSeconds,
    trainingCpuSeconds: (cpu.user + cpu.system) / 1e6,
    testAuc: rocAuc(test.labels, predictProbabilities(model, test)),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main(process.argv[2] as string);

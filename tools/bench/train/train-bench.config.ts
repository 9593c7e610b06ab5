import { join } from 'node:path';
import { BENCH_CACHE_DIR } from '../ml/ml-bench.config';

/** The two streams the benchmark trains on. */
export const TRAIN_BENCH_SOURCES = {
  /** The real rows of the acceptance test. */
  rees46: { label: 'REES46 2019-Nov head, 300k real rows', file: '2019-Nov-head-300k.csv.gz' },
  /** The simulator's default stream: its best achievable ROC-AUC is documented (libs/simulator/README.md). */
  simulated: { label: 'simulator, 1M events, seed 42', events: 1_000_000, seed: 42, bestAuc: 0.818 },
} as const;

export type TrainBenchSource = keyof typeof TRAIN_BENCH_SOURCES;

/**
 * One fit, the same for both trainers (LightGBM names in lightgbm_train.py): what the trainer's
 * final fit does with a search's best parameters, here fixed so that both train the same model.
 */
export const TRAIN_BENCH_PARAMS = {
  numTrees: 300,
  numLeaves: 31,
  learningRate: 0.05,
  minDataInLeaf: 100,
  lambdaL2: 1,
  maxBin: 255,
  binSampleSize: 200_000,
  seed: 42,
} as const;

export const TRAIN_BENCH_DATA_DIR = join(BENCH_CACHE_DIR, 'train-data');

/** Aims of issue 13. */
export const TRAIN_BENCH_AIMS = { aucGap: 0.002, timeRatio: 1.2, datasetSeconds: 20, datasetRssMb: 1024, simulatorAucGap: 0.02 } as const;

/** What the dataset child reports. */
export interface DatasetReport {
  readonly source: TrainBenchSource;
  readonly events: number;
  readonly examples: { readonly train: number; readonly validation: number; readonly test: number };
  readonly positives: number;
  readonly buildSeconds: number;
  readonly peakRssMb: number;
}

/** What each trainer's child reports (one JSON line on stdout). */
export interface FitReport {
  readonly trainer: string;
  readonly binningSeconds: number;
  readonly trainingSeconds: number;
  readonly trainingCpuSeconds: number;
  readonly testAuc: number;
  readonly peakRssMb: number;
}

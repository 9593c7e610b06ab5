import { homedir } from 'node:os';
import { join } from 'node:path';

/** The benchmark's sizes and training parameters, shared by both trainers. */
export const ML_BENCH = {
  numTrain: 1_000_000,
  numHeldOut: 200_000,
  numTrees: 200,
  numLeaves: 31,
  learningRate: 0.1,
  maxBin: 255,
  minDataInLeaf: 20,
  progressEvery: 20,
} as const;

export const BENCH_CACHE_DIR = join(homedir(), '.cache', 'platform-bench');
export const ML_BENCH_DATA_DIR = join(BENCH_CACHE_DIR, 'ml-data');
export const LIGHTGBM_VENV_DIR = join(BENCH_CACHE_DIR, 'venv');

/** What each trainer's run reports (one JSON line on stdout of its process). */
export interface TrainerReport {
  readonly trainer: string;
  readonly binningSeconds: number;
  readonly trainingSeconds: number;
  /** CPU time of training: on a shared machine the fairer of the two times. */
  readonly trainingCpuSeconds: number;
  readonly auc: number;
  readonly peakRssMb: number;
}

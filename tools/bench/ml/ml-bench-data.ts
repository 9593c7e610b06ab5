import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ML_BENCH } from './ml-bench.config';
import { ML_BENCH_CATEGORICAL, ML_BENCH_NUM_FEATURES, ML_BENCH_SEED, generateMlBenchData } from './ml-bench-problem';

export interface MlBenchMeta {
  readonly numRows: number;
  readonly numTrain: number;
  readonly numFeatures: number;
  readonly categorical: readonly number[];
  readonly seed: number;
  readonly numTrees: number;
  /** LightGBM's parameters, the same values as ours. */
  readonly lightgbm: Readonly<Record<string, number | string>>;
}

/**
 * Writes the benchmark data where both trainers read it: row-major float32 features
 * (features.f32), uint8 labels (labels.u8) and meta.json, so that both see identical bytes.
 */
export function writeMlBenchData(dir: string): MlBenchMeta {
  const numRows = ML_BENCH.numTrain + ML_BENCH.numHeldOut;
  const data = generateMlBenchData(numRows);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'features.f32'), new Uint8Array(data.features.buffer));
  writeFileSync(join(dir, 'labels.u8'), data.labels);
  const meta: MlBenchMeta = {
    numRows,
    numTrain: ML_BENCH.numTrain,
    numFeatures: ML_BENCH_NUM_FEATURES,
    categorical: ML_BENCH_CATEGORICAL,
    seed: ML_BENCH_SEED,
    numTrees: ML_BENCH.numTrees,
    lightgbm: {
      objective: 'binary',
      num_leaves: ML_BENCH.numLeaves,
      learning_rate: ML_BENCH.learningRate,
      max_bin: ML_BENCH.maxBin,
      min_data_in_leaf: ML_BENCH.minDataInLeaf,
      num_threads: 1,
      verbose: -1,
      seed: 0,
    },
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
  return meta;
}

export function readMlBenchData(dir: string): { meta: MlBenchMeta; features: Float32Array; labels: Uint8Array } {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as MlBenchMeta;
  const bytes = readFileSync(join(dir, 'features.f32'));
  // A Buffer may start at any byte; Float32Array needs 4-byte alignment.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  const features = new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
  const labelBytes = readFileSync(join(dir, 'labels.u8'));
  return { meta, features, labels: new Uint8Array(labelBytes.buffer, labelBytes.byteOffset, labelBytes.byteLength) };
}

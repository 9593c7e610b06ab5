import { itemAt } from '@platform/common';
import { SeededRandom } from '@platform/ml';

/**
 * The benchmark's synthetic binary problem, fixed by formula and seed so that every run (and
 * the LightGBM baseline, which reads the same bytes) sees identical data.
 *
 *   x0..x19  ~ N(0, 1) (Box-Muller pairs: both outputs of one pair of uniforms used);   x20..x22 ~ U(0, 1);   x23 ~ U(0, 1), missing (NaN) with prob. 0.1;
 *   x24      = categorical code in 0..29 (code k drawn with weight 1 / (k + 1)).
 *   z = 1.2 x0 - 0.8 x1 + 0.6 x2 x3 + sin(2 x4) + 0.5 |x5| - 0.7 [x6 > 0.5] + 0.4 x7^2
 *       + 0.3 x8 x9 + 1.5 (x20 - 0.5) + c[x24] + (x23 missing ? 0.6 : 0.8 (x23 - 0.5)) - 0.9
 *   c[k] = 0.8 sin(1.7 k)   (a scattered per-category effect; no order of codes explains it)
 *   y ~ Bernoulli(sigmoid(z)); x10..x19, x21, x22 are pure noise.
 *
 * Rows come from SeededRandom(seed) in order, features then label per row; the first
 * numTrain rows train, the rest are held out.
 */
export const ML_BENCH_NUM_FEATURES = 25;
export const ML_BENCH_CATEGORICAL = [24];
export const ML_BENCH_SEED = 20240601;

export interface MlBenchData {
  /** Row-major float32 features of all rows. */
  readonly features: Float32Array;
  readonly labels: Uint8Array;
  readonly numRows: number;
}

export function generateMlBenchData(numRows: number, seed = ML_BENCH_SEED): MlBenchData {
  const random = new SeededRandom(seed);
  const f = ML_BENCH_NUM_FEATURES;
  const features = new Float32Array(numRows * f);
  const labels = new Uint8Array(numRows);
  const categoryWeights = Array.from({ length: 30 }, (_, k) => 1 / (k + 1));
  const totalWeight = categoryWeights.reduce((a, b) => a + b, 0);
  const row = new Float64Array(f);
  for (let r = 0; r < numRows; r++) {
    for (let j = 0; j < 20; j += 2) {
      // Box-Muller, both outputs used.
      const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
      const angle = 2 * Math.PI * random.next();
      row[j] = radius * Math.cos(angle);
      row[j + 1] = radius * Math.sin(angle);
    }
    for (let j = 20; j < 24; j++) row[j] = random.next();
    const x23Missing = random.next() < 0.1;
    if (x23Missing) row[23] = NaN;
    let pick = random.next() * totalWeight;
    let code = 0;
    while (code < 29 && pick >= itemAt(categoryWeights, code)) pick -= itemAt(categoryWeights, code++);
    row[24] = code;
    const x = (j: number): number => itemAt(row, j);
    const z =
      1.2 * x(0) -
      0.8 * x(1) +
      0.6 * x(2) * x(3) +
      Math.sin(2 * x(4)) +
      0.5 * Math.abs(x(5)) -
      (x(6) > 0.5 ? 0.7 : 0) +
      0.4 * x(7) * x(7) +
      0.3 * x(8) * x(9) +
      1.5 * (x(20) - 0.5) +
      0.8 * Math.sin(1.7 * code) +
      (x23Missing ? 0.6 : 0.8 * (x(23) - 0.5)) -
      0.9;
    labels[r] = random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    features.set(row, r * f);
  }
  return { features, labels, numRows };
}

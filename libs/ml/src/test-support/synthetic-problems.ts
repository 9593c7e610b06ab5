import { SeededRandom } from '../lib/common/seeded-random';
import { createDataset } from '../lib/dataset/create-dataset.util';
import { Dataset, MatrixLayout } from '../lib/dataset/dataset.types';

/** Small known problems for tests: each a formula, a seed and a layout. */
export interface ProblemOptions {
  readonly numRows: number;
  readonly seed: number;
  readonly layout?: MatrixLayout;
}

type RowFn = (random: SeededRandom, row: Float64Array) => number;

function build(
  { numRows, seed, layout = 'row-major' }: ProblemOptions,
  featureNames: string[],
  rowFn: RowFn,
  categoricalFeatures: number[] = [],
): Dataset {
  const random = new SeededRandom(seed);
  const numFeatures = featureNames.length;
  const values = new Float64Array(numRows * numFeatures);
  const labels = new Uint8Array(numRows);
  const row = new Float64Array(numFeatures);
  for (let r = 0; r < numRows; r++) {
    labels[r] = rowFn(random, row);
    for (let f = 0; f < numFeatures; f++) {
      values[layout === 'row-major' ? r * numFeatures + f : f * numRows + r] = row[f] ?? 0;
    }
  }
  return createDataset({ values, layout, featureNames, categoricalFeatures, labels });
}

/** y = 1 when x0 > 0.5; x1 is noise. */
export function separableProblem(options: ProblemOptions): Dataset {
  return build(options, ['x0', 'x1'], (random, row) => {
    row[0] = random.next();
    row[1] = random.next();
    return row[0] > 0.5 ? 1 : 0;
  });
}

/** y = (x0 > 0) xor (x1 > 0): no single split helps, depth two solves it. */
export function xorProblem(options: ProblemOptions): Dataset {
  return build(options, ['x0', 'x1', 'noise'], (random, row) => {
    row[0] = random.next() * 2 - 1;
    row[1] = random.next() * 2 - 1;
    row[2] = random.next();
    return (row[0] > 0) !== (row[1] > 0) ? 1 : 0;
  });
}

/** Logistic model on a linear score: Bayes accuracy (by simulation) is about 0.821. */
export function linearProblem(options: ProblemOptions): Dataset {
  return build(options, ['a', 'b', 'c', 'd'], (random, row) => {
    for (let f = 0; f < 4; f++) row[f] = random.nextNormal();
    const z = 2 * (row[0] ?? 0) - 1.5 * (row[1] ?? 0) + (row[2] ?? 0) + 0 * (row[3] ?? 0);
    return random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
}

/**
 * y = 1 when x0 is missing or x0 > 0.7: only a split that sends NaN right (with the high
 * values) separates the classes. x0 is missing in 30% of rows.
 */
export function missingValueProblem(options: ProblemOptions): Dataset {
  return build(options, ['x0', 'x1'], (random, row) => {
    const missing = random.next() < 0.3;
    row[0] = missing ? NaN : random.next();
    row[1] = random.next();
    return missing || row[0] > 0.7 ? 1 : 0;
  });
}

/**
 * 20 categories with codes 100..119; y = 1 for codes in a scattered set (no threshold on the
 * code separates them), with 5% label noise. Feature 1 is numerical noise.
 */
const CATEGORICAL_POSITIVE_CODES = [101, 104, 105, 109, 112, 113, 118];
export function categoricalProblem(options: ProblemOptions): Dataset {
  const positive = new Set(CATEGORICAL_POSITIVE_CODES);
  return build(
    options,
    ['category', 'noise'],
    (random, row) => {
      row[0] = 100 + random.nextInt(20);
      row[1] = random.next();
      const clean = positive.has(row[0]) ? 1 : 0;
      return random.next() < 0.05 ? 1 - clean : clean;
    },
    [0],
  );
}

/** Two categories only (<= maxCatToOnehot): one-vs-rest splits; y = 1 for code 7. */
export function smallCategoricalProblem(options: ProblemOptions): Dataset {
  return build(
    options,
    ['category', 'x'],
    (random, row) => {
      row[0] = random.next() < 0.5 ? 3 : 7;
      row[1] = random.next();
      return row[0] === 7 ? 1 : 0;
    },
    [0],
  );
}

export function accuracy(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) correct += ((probabilities[i] ?? NaN) >= 0.5 ? 1 : 0) === labels[i] ? 1 : 0;
  return correct / labels.length;
}

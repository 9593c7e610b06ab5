import { createDataset, Dataset, SeededRandom, sliceRows, TrialDatasetMap } from '@platform/ml';

/** A logistic problem on four normal features (one pure noise), fixed by its seed. */
function linearProblem(numRows: number, seed: number): Dataset {
  const random = new SeededRandom(seed);
  const values = new Float32Array(numRows * 4);
  const labels = new Uint8Array(numRows);
  for (let r = 0; r < numRows; r++) {
    const [a, b, c, d] = [random.nextNormal(), random.nextNormal(), random.nextNormal(), random.nextNormal()];
    values.set([a, b, c, d], r * 4);
    labels[r] = random.next() < 1 / (1 + Math.exp(-(2 * a - 1.5 * b + c))) ? 1 : 0;
  }
  return createDataset({ values, featureNames: ['a', 'b', 'c', 'd'], labels });
}

/** Train and validation rows of one linear problem under the key `clicks`. */
export function linearTrialDatasets(numTrain: number, numValidation: number, seed: number): TrialDatasetMap {
  const data = linearProblem(numTrain + numValidation, seed);
  return { clicks: { train: sliceRows(data, 0, numTrain), validation: sliceRows(data, numTrain, numTrain + numValidation) } };
}

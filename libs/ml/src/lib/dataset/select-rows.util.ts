import { numFeaturesOf } from './dataset-access.util';
import { Dataset, FloatMatrix, LabelVector } from './dataset.types';

/** A new dataset holding the given rows, in the given order (used for train/validation splits). */
export function selectRows(dataset: Dataset, rows: ArrayLike<number>): Dataset {
  const numFeatures = numFeaturesOf(dataset);
  const n = rows.length;
  const values: FloatMatrix =
    dataset.values instanceof Float32Array ? new Float32Array(n * numFeatures) : new Float64Array(n * numFeatures);
  if (dataset.layout === 'row-major') {
    for (let i = 0; i < n; i++) {
      const row = rows[i] ?? 0;
      values.set(dataset.values.subarray(row * numFeatures, (row + 1) * numFeatures), i * numFeatures);
    }
  } else {
    for (let f = 0; f < numFeatures; f++) {
      const from = f * dataset.numRows;
      const to = f * n;
      for (let i = 0; i < n; i++) {
        values[to + i] = dataset.values[from + (rows[i] ?? 0)] ?? NaN;
      }
    }
  }
  let labels: LabelVector | undefined;
  if (dataset.labels) {
    const source = dataset.labels;
    const picked = new (source.constructor as new (length: number) => LabelVector)(n);
    for (let i = 0; i < n; i++) {
      picked[i] = source[rows[i] ?? 0] ?? NaN;
    }
    labels = picked;
  }
  return { ...dataset, values, numRows: n, labels };
}

/** Rows [start, end) as a dataset (no copy for row-major data). */
export function sliceRows(dataset: Dataset, start: number, end: number): Dataset {
  if (dataset.layout === 'row-major') {
    const numFeatures = numFeaturesOf(dataset);
    return {
      ...dataset,
      values: dataset.values.subarray(start * numFeatures, end * numFeatures),
      numRows: end - start,
      labels: dataset.labels?.subarray(start, end),
    };
  }
  const rows = new Uint32Array(end - start);
  for (let i = 0; i < rows.length; i++) rows[i] = start + i;
  return selectRows(dataset, rows);
}

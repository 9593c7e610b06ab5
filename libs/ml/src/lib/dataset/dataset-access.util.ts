import { Dataset } from './dataset.types';

export function numFeaturesOf(dataset: Dataset): number {
  return dataset.featureNames.length;
}

/**
 * Copies one feature into a Float32Array. Float32 on purpose: bin boundaries and tree
 * thresholds are float32 values so that ONNX (which compares in float32) routes identically.
 */
export function readFeatureColumn(dataset: Dataset, feature: number): Float32Array {
  const { numRows, values } = dataset;
  const numFeatures = numFeaturesOf(dataset);
  if (dataset.layout === 'column-major') {
    const column = values.subarray(feature * numRows, (feature + 1) * numRows);
    return column instanceof Float32Array ? column : Float32Array.from(column);
  }
  const out = new Float32Array(numRows);
  for (let r = 0, i = feature; r < numRows; r++, i += numFeatures) {
    out[r] = values[i] ?? NaN;
  }
  return out;
}

/** The same data as a row-major float32 matrix: the layout of the ONNX `features` input. */
export function toRowMajorFloat32(dataset: Dataset): Float32Array {
  if (dataset.layout === 'row-major' && dataset.values instanceof Float32Array) {
    return dataset.values;
  }
  const { numRows, values } = dataset;
  const numFeatures = numFeaturesOf(dataset);
  if (dataset.layout === 'row-major') {
    return Float32Array.from(values);
  }
  const out = new Float32Array(numRows * numFeatures);
  for (let f = 0; f < numFeatures; f++) {
    const base = f * numRows;
    for (let r = 0; r < numRows; r++) {
      out[r * numFeatures + f] = values[base + r] ?? NaN;
    }
  }
  return out;
}

import { itemAt } from '@platform/common';
import { SeededRandom } from '../common/seeded-random';
import { numFeaturesOf, readFeatureColumn } from '../dataset/dataset-access.util';
import { Dataset } from '../dataset/dataset.types';
import { BinnedDataset } from './binned-dataset.types';
import { assignCategoricalBins, fitCategoricalBins } from './categorical-bins.util';
import { FeatureBins } from './feature-bins.types';
import { NumericalBinLocator } from './numerical-bin-locator';
import { findNumericalUpperBounds } from './numerical-bin-bounds.util';
import { sortFloat32 } from './sort-float32.util';

export interface HistogramBinnerOptions {
  /** Most bins per numerical feature, NaN bin not counted (LightGBM's max_bin). */
  readonly maxBin: number;
  /** Rows sampled to place numerical bin bounds (LightGBM's bin_construct_sample_cnt). */
  readonly sampleSize: number;
  readonly minDataInBin: number;
  readonly seed: number;
}

const DEFAULT_OPTIONS: HistogramBinnerOptions = { maxBin: 255, sampleSize: 200_000, minDataInBin: 3, seed: 0 };

/**
 * Quantises features once before training: quantile bins for numerical features, vocabulary
 * bins for categorical ones. Training then only ever touches small integer bin codes.
 */
export class HistogramBinner {
  private readonly options: HistogramBinnerOptions;

  constructor(options: Partial<HistogramBinnerOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  fit(dataset: Dataset): FeatureBins[] {
    const numFeatures = numFeaturesOf(dataset);
    const categorical = new Set(dataset.categoricalFeatures);
    const sampleRows = this.sampleRows(dataset.numRows);
    const missing = featuresWithMissing(dataset);
    const featureBins: FeatureBins[] = [];
    for (let f = 0; f < numFeatures; f++) {
      if (categorical.has(f)) {
        featureBins.push(fitCategoricalBins(readFeatureColumn(dataset, f), this.options.maxBin, itemAt(dataset.featureNames, f)));
      } else {
        const present = sortFloat32(withoutNaN(sampleOf(dataset, f, sampleRows)));
        const upperBounds = findNumericalUpperBounds(present, this.options.maxBin, this.options.minDataInBin);
        const hasMissing = missing[f] === 1;
        const missingBin = hasMissing ? upperBounds.length : -1;
        featureBins.push({ kind: 'numerical', numBins: upperBounds.length + (hasMissing ? 1 : 0), upperBounds, missingBin });
      }
    }
    return featureBins;
  }

  /** Bins a dataset (the training set, or a validation set with the training set's bins). */
  transform(dataset: Dataset, featureBins: readonly FeatureBins[]): BinnedDataset {
    const numFeatures = numFeaturesOf(dataset);
    const numRows = dataset.numRows;
    const binOffsets = new Int32Array(numFeatures + 1);
    let wide = false;
    for (let f = 0; f < numFeatures; f++) {
      const { numBins } = itemAt(featureBins, f);
      binOffsets[f + 1] = itemAt(binOffsets, f) + numBins;
      wide ||= numBins > 256;
    }
    const bins = wide ? new Uint16Array(numRows * numFeatures) : new Uint8Array(numRows * numFeatures);
    const rowMajor = dataset.layout === 'row-major';
    // Row-major input is binned in blocks of rows so that each block of values is read from
    // memory once for all features instead of once per feature.
    const block = rowMajor ? 4096 : numRows;
    const locators = featureBins.map((fb) => (fb.kind === 'numerical' ? new NumericalBinLocator(fb) : null));
    for (let first = 0; first < numRows; first += block) {
      const count = Math.min(block, numRows - first);
      for (let f = 0; f < numFeatures; f++) {
        const locator = locators[f];
        if (!locator) continue;
        const start = rowMajor ? first * numFeatures + f : f * numRows + first;
        locator.locate(dataset.values, start, rowMajor ? numFeatures : 1, count, bins, f * numRows + first);
      }
    }
    featureBins.forEach((fb, f) => {
      if (fb.kind === 'categorical') assignCategoricalBins(readFeatureColumn(dataset, f), fb, bins, f * numRows);
    });
    return {
      numRows,
      numFeatures,
      featureNames: dataset.featureNames,
      categoricalFeatures: dataset.categoricalFeatures,
      featureBins,
      bins,
      binOffsets,
    };
  }

  fitTransform(dataset: Dataset): BinnedDataset {
    return this.transform(dataset, this.fit(dataset));
  }

  /** Row ids of the bin-construction sample (ascending), or null for all rows. */
  private sampleRows(numRows: number): Uint32Array | null {
    if (numRows <= this.options.sampleSize) return null;
    // Partial Fisher-Yates over row ids: exactly sampleSize distinct rows, reproducible by seed.
    const random = new SeededRandom(this.options.seed);
    const ids = new Uint32Array(numRows);
    for (let i = 0; i < numRows; i++) ids[i] = i;
    for (let i = 0; i < this.options.sampleSize; i++) {
      const j = i + random.nextInt(numRows - i);
      const t = ids[i] ?? 0;
      ids[i] = ids[j] ?? 0;
      ids[j] = t;
    }
    return ids.slice(0, this.options.sampleSize).sort();
  }
}

/** 1 for each feature with at least one NaN anywhere in the data (not only in the sample). */
function featuresWithMissing(dataset: Dataset): Uint8Array {
  const numFeatures = numFeaturesOf(dataset);
  const missing = new Uint8Array(numFeatures);
  const values = dataset.values;
  if (dataset.layout === 'row-major') {
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== values[i]) missing[i % numFeatures] = 1;
    }
  } else {
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== values[i]) missing[Math.floor(i / dataset.numRows)] = 1;
    }
  }
  return missing;
}

function withoutNaN(values: Float32Array): Float32Array {
  let n = 0;
  for (const value of values) {
    if (value === value) values[n++] = value;
  }
  return values.subarray(0, n);
}

function sampleOf(dataset: Dataset, feature: number, rows: Uint32Array | null): Float32Array {
  if (rows === null) return Float32Array.from(readFeatureColumn(dataset, feature));
  const numFeatures = numFeaturesOf(dataset);
  const out = new Float32Array(rows.length);
  const values = dataset.values;
  if (dataset.layout === 'row-major') {
    for (let i = 0; i < rows.length; i++) out[i] = values[(rows[i] ?? 0) * numFeatures + feature] ?? NaN;
  } else {
    const base = feature * dataset.numRows;
    for (let i = 0; i < rows.length; i++) out[i] = values[base + (rows[i] ?? 0)] ?? NaN;
  }
  return out;
}

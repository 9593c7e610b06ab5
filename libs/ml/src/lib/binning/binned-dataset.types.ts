import { FeatureBins } from './feature-bins.types';

/**
 * A dataset quantised once before training: feature-major bin codes, one byte per value when
 * every feature has at most 256 bins (the usual case with maxBin 255), two bytes otherwise.
 */
export interface BinnedDataset {
  readonly numRows: number;
  readonly numFeatures: number;
  readonly featureNames: readonly string[];
  readonly categoricalFeatures: readonly number[];
  readonly featureBins: readonly FeatureBins[];
  /** Bin of (row r, feature f) at f * numRows + r. */
  readonly bins: Uint8Array | Uint16Array;
  /** First histogram slot of feature f; binOffsets[numFeatures] is the total number of bins. */
  readonly binOffsets: Int32Array;
}

/**
 * Bins of a numerical feature. Non-missing bin b holds the values x (compared as float32) with
 * upperBounds[b - 1] < x <= upperBounds[b]; the last upper bound is +Infinity. Every bound is a
 * float32 value, so "bin <= b" and the tree test "x <= upperBounds[b]" agree for every input,
 * in this library and in ONNX Runtime alike.
 */
export interface NumericalFeatureBins {
  readonly kind: 'numerical';
  readonly numBins: number;
  readonly upperBounds: Float32Array;
  /** Bin of NaN, or -1 when the training data had no missing value for this feature. */
  readonly missingBin: number;
}

/**
 * Bins of a categorical feature: bin i (i < categories.length) is vocabulary code
 * categories[i], most frequent first. Codes that were too rare to get a bin share otherBin;
 * unseen codes at prediction time behave like otherBin (never in a split's category set).
 */
export interface CategoricalFeatureBins {
  readonly kind: 'categorical';
  readonly numBins: number;
  readonly categories: readonly number[];
  readonly otherBin: number;
  readonly missingBin: number;
}

export type FeatureBins = NumericalFeatureBins | CategoricalFeatureBins;

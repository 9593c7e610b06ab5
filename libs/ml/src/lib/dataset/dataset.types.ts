/** Feature values: float32 or float64, NaN meaning "missing". */
export type FloatMatrix = Float32Array | Float64Array;

/**
 * `row-major`: value of (row r, feature f) at `r * numFeatures + f` (what a feature store or a
 * request batch produces). `column-major`: at `f * numRows + r` (what a columnar lake produces).
 */
export type MatrixLayout = 'row-major' | 'column-major';

/** Binary labels, 0 or 1 per row. */
export type LabelVector = Uint8Array | Float32Array | Float64Array;

/**
 * A table of numeric features for training or scoring. Categorical features hold vocabulary
 * codes (non-negative integers below 2^24, so that float32 keeps them exact); NaN is missing.
 */
export interface Dataset {
  readonly values: FloatMatrix;
  readonly layout: MatrixLayout;
  readonly numRows: number;
  /** One name per feature, in column order; its length is the number of features. */
  readonly featureNames: readonly string[];
  /** Indices (into featureNames) of categorical features, ascending. */
  readonly categoricalFeatures: readonly number[];
  readonly labels?: LabelVector;
}

export interface LabeledDataset extends Dataset {
  readonly labels: LabelVector;
}

/**
 * A tree as the trainer grows it, in bin space (thresholds are bin numbers). Converted to a
 * DecisionTree (value space) for the model; kept in bin space to route the training rows.
 */
export interface GrownTree {
  readonly numLeaves: number;
  readonly splitFeature: Int32Array;
  readonly categorical: Uint8Array;
  readonly thresholdBin: Int32Array;
  readonly categoryBins: readonly (readonly number[])[];
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly gain: Float64Array;
  /** Per node, 1 for each bin of its feature that goes left: the whole test as one lookup. */
  readonly goesLeft: readonly Uint8Array[];
  /** Learning rate applied, rounded to float32 (the value the model and ONNX store). */
  readonly leafValue: Float64Array;
  readonly leafCount: Int32Array;
}

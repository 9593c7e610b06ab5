/** What the serving side needs besides the bytes: how to feed the model and read it. */
export interface OnnxModelMetadata {
  /** Float32 input [N, F]. */
  readonly inputName: string;
  /** Float32 output [N, 1]: probability of the positive class. */
  readonly probabilityOutput: string;
  /** Float32 output [N, 1]: log-odds. */
  readonly rawScoreOutput: string;
  /** Feature names in input column order. */
  readonly featureNames: readonly string[];
  /**
   * Input columns holding categorical vocabulary codes (the upstream vocabulary's integer
   * indices, fed as float32 values). NaN means missing; a code no split mentions is "other".
   */
  readonly categoricalFeatures: readonly number[];
  /** Per categorical feature name, the codes that some split tests, ascending. */
  readonly categoryCodes: Readonly<Record<string, readonly number[]>>;
  readonly numTrees: number;
  readonly opset: { readonly onnx: number; readonly onnxMl: number };
  /** How the export was checked against the trainer. */
  readonly verification: OnnxVerification;
}

export interface OnnxVerification {
  readonly rows: number;
  readonly maxAbsDifference: number;
  readonly worstRow: number;
  readonly tolerance: number;
}

export interface OnnxExport {
  readonly bytes: Uint8Array;
  readonly metadata: OnnxModelMetadata;
}

/** Machine-readable causes of an {@link MlException}; callers branch on these, never on messages. */
export enum MlErrorCode {
  InvalidDataset = 'ML_INVALID_DATASET',
  InvalidParams = 'ML_INVALID_PARAMS',
  InvalidModel = 'ML_INVALID_MODEL',
  InvalidSearchSpace = 'ML_INVALID_SEARCH_SPACE',
  OnnxExportMismatch = 'ML_ONNX_EXPORT_MISMATCH',
  OnnxExportFailed = 'ML_ONNX_EXPORT_FAILED',
  TrialFailed = 'ML_TRIAL_FAILED',
}

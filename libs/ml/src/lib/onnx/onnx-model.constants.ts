/** Name of the model input: float32 tensor [N, F], features in model.featureNames order. */
export const ONNX_INPUT_NAME = 'features';
/** Output: float32 tensor [N, 1], probability of the positive class. */
export const ONNX_PROBABILITY_OUTPUT = 'probability';
/** Output: float32 tensor [N, 1], log-odds before the sigmoid. */
export const ONNX_RAW_SCORE_OUTPUT = 'raw_score';
export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;
export const ONNX_IR_VERSION = 8;
export const ONNX_PRODUCER = 'platform-ml';

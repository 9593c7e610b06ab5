import { exportOnnx, OnnxExport, TreeEnsembleModel, Dataset } from '@platform/ml';
import { scoreWithOnnxRuntime } from './onnx-runtime.session';

/** The most a probability of the exported model may differ from the trainer's on any test row. */
const ONNX_TOLERANCE = 1e-5;

/**
 * The ONNX export the platform serves: built by libs/ml, then run by ONNX Runtime (the runtime
 * the inference API uses) on `evaluation`; throws ML_ONNX_EXPORT_MISMATCH naming the worst row
 * when any probability differs from the trainer's by more than the tolerance.
 */
export function exportVerifiedOnnx(model: TreeEnsembleModel, evaluation: Dataset, tolerance = ONNX_TOLERANCE): Promise<OnnxExport> {
  return exportOnnx(model, evaluation, { score: scoreWithOnnxRuntime, tolerance });
}

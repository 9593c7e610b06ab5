import { itemAt } from '@platform/common';
import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { toRowMajorFloat32 } from '../dataset/dataset-access.util';
import { Dataset } from '../dataset/dataset.types';
import { predictProbabilities } from '../gbdt/predict-tree-ensemble.util';
import { TreeEnsembleModel } from '../gbdt/tree-ensemble-model.types';
import { OnnxExport, OnnxModelMetadata, OnnxVerification } from './onnx-export.types';
import { buildOnnxModel } from './onnx-model.builder';
import {
  ONNX_INPUT_NAME,
  ONNX_ML_OPSET,
  ONNX_OPSET,
  ONNX_PROBABILITY_OUTPUT,
  ONNX_RAW_SCORE_OUTPUT,
} from './onnx-model.constants';

/**
 * Runs exported bytes in an ONNX runtime: row-major float32 features [numRows, numFeatures] in,
 * the `probability` output out. libs/ml holds no runtime (it stays pure computation); the trainer
 * passes ONNX Runtime's (libs/training `scoreWithOnnxRuntime`).
 */
export type OnnxScorer = (modelBytes: Uint8Array, rowMajorFeatures: Float32Array, numRows: number, numFeatures: number) => Promise<Float32Array>;

export interface ExportOnnxOptions {
  /** The runtime the export is proven in. */
  readonly score: OnnxScorer;
  /** Largest allowed |ONNX - trainer| probability on any row (default 1e-5). */
  readonly tolerance?: number;
}

/**
 * Exports a model to ONNX and proves the export: the runtime scores `evaluation` and every
 * probability must match the trainer's own within the tolerance (1e-5), or this throws
 * ML_ONNX_EXPORT_MISMATCH naming the worst row and both values.
 */
export async function exportOnnx(model: TreeEnsembleModel, evaluation: Dataset, options: ExportOnnxOptions): Promise<OnnxExport> {
  const tolerance = options.tolerance ?? 1e-5;
  if (evaluation.featureNames.join('\u0000') !== model.featureNames.join('\u0000')) {
    throw new MlException(MlErrorCode.OnnxExportFailed, 'the evaluation set has other features than the model');
  }
  if (evaluation.numRows === 0) {
    throw new MlException(MlErrorCode.OnnxExportFailed, 'an export is verified on rows: the evaluation set is empty');
  }
  const description = {
    featureNames: model.featureNames,
    categoricalFeatures: model.categoricalFeatures,
    inputName: ONNX_INPUT_NAME,
    probabilityOutput: ONNX_PROBABILITY_OUTPUT,
    rawScoreOutput: ONNX_RAW_SCORE_OUTPUT,
  };
  const categoryCodes = categoryCodesBySplit(model);
  const bytes = buildOnnxModel(model, {
    feature_names: JSON.stringify(model.featureNames),
    categorical_features: JSON.stringify(model.categoricalFeatures),
    category_codes: JSON.stringify(categoryCodes),
    io: JSON.stringify(description),
  });
  const numFeatures = model.featureNames.length;
  let onnx: Float32Array;
  try {
    onnx = await options.score(bytes, toRowMajorFloat32(evaluation), evaluation.numRows, numFeatures);
  } catch (error) {
    throw new MlException(MlErrorCode.OnnxExportFailed, `ONNX Runtime could not run the export: ${(error as Error).message}`);
  }
  const trainer = predictProbabilities(model, evaluation);
  const verification = compare(onnx, trainer, tolerance);
  if (!(verification.maxAbsDifference <= tolerance)) {
    const row = verification.worstRow;
    throw new MlException(
      MlErrorCode.OnnxExportMismatch,
      `ONNX export disagrees with the trainer: row ${row} has ONNX probability ${onnx[row]} and trainer probability ${trainer[row]} ` +
        `(difference ${verification.maxAbsDifference}, tolerance ${tolerance})`,
      { row, onnx: onnx[row], trainer: trainer[row], tolerance },
    );
  }
  const metadata: OnnxModelMetadata = {
    ...description,
    categoryCodes,
    numTrees: model.trees.length,
    opset: { onnx: ONNX_OPSET, onnxMl: ONNX_ML_OPSET },
    verification,
  };
  return { bytes, metadata };
}

/** For each categorical input, the codes some split tests (ascending); other codes all go right. */
function categoryCodesBySplit(model: TreeEnsembleModel): Record<string, number[]> {
  const codes: Record<string, Set<number>> = {};
  for (const tree of model.trees) {
    tree.categories.forEach((set, node) => {
      if (tree.splitKind[node] !== 'categorical') return;
      const name = itemAt(model.featureNames, itemAt(tree.splitFeature, node));
      const tested = (codes[name] ??= new Set());
      for (const code of set) tested.add(code);
    });
  }
  return Object.fromEntries(Object.entries(codes).map(([name, set]) => [name, [...set].sort((a, b) => a - b)]));
}

function compare(onnx: Float32Array, trainer: Float64Array, tolerance: number): OnnxVerification {
  let worstRow = 0;
  let max = 0;
  for (let r = 0; r < trainer.length; r++) {
    const difference = Math.abs((onnx[r] ?? NaN) - (trainer[r] ?? NaN));
    // NaN (a broken export) must count as the worst possible row.
    if (!(difference <= max)) {
      max = Number.isNaN(difference) ? Infinity : difference;
      worstRow = r;
    }
  }
  return { rows: trainer.length, maxAbsDifference: max, worstRow, tolerance };
}

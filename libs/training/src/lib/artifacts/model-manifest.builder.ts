import type { BinaryClassifierEvaluation, GbdtParams, OnnxModelMetadata } from '@platform/ml';
import { MODEL_MANIFEST_FORMAT, MODEL_MANIFEST_FORMAT_VERSION, MODEL_ONNX_FILE, ModelManifest } from '@platform/model-registry';
import type { TrainingDataset } from '../dataset/training-dataset';

export interface ManifestInput {
  readonly model: string;
  readonly version: number;
  /** The registry run of the final fit. */
  readonly runId: string;
  readonly dataset: TrainingDataset;
  readonly onnx: OnnxModelMetadata;
  readonly evaluation: BinaryClassifierEvaluation;
  readonly params: GbdtParams;
  readonly codeVersion: string;
}

/** The registry's metrics of a version, also model.json's (test set of the final fit). */
export function testMetricsOf(evaluation: BinaryClassifierEvaluation): Record<string, number> {
  return {
    roc_auc: evaluation.rocAuc,
    pr_auc: evaluation.prAuc,
    log_loss: evaluation.logLoss,
    f1: evaluation.bestF1.f1,
    precision: evaluation.bestF1.precision,
    recall: evaluation.bestF1.recall,
    threshold: clampProbability(evaluation.bestF1.threshold),
    examples: evaluation.count,
    positives: evaluation.positives,
  };
}

/** model.json (DESIGN.md section 7), as libs/model-registry's contract defines it. */
export function buildModelManifest(input: ManifestInput): ModelManifest {
  const { dataset, onnx, evaluation } = input;
  const { splits } = dataset;
  const trainPositiveRate = splits.train.examples === 0 ? 0 : splits.train.positives / splits.train.examples;
  return {
    format: MODEL_MANIFEST_FORMAT,
    formatVersion: MODEL_MANIFEST_FORMAT_VERSION,
    model: input.model,
    version: input.version,
    runId: input.runId,
    createdAt: new Date().toISOString(),
    featureNames: [...onnx.featureNames],
    vocabularies: Object.fromEntries(Object.entries(dataset.schema.vocabularies).map(([name, values]) => [name, [...(values ?? [])]])),
    onnx: {
      file: MODEL_ONNX_FILE,
      inputName: onnx.inputName,
      probabilityOutput: onnx.probabilityOutput,
      opset: { ...onnx.opset },
      verification: { rows: onnx.verification.rows, maxAbsDifference: onnx.verification.maxAbsDifference, tolerance: onnx.verification.tolerance },
    },
    exampleMode: dataset.exampleMode,
    metrics: testMetricsOf(evaluation),
    threshold: clampProbability(evaluation.bestF1.threshold),
    data: {
      from: new Date(dataset.events.fromMs).toISOString(),
      to: new Date(dataset.events.toMs).toISOString(),
      examples: { train: splits.train.examples, validation: splits.validation.examples, test: splits.test.examples },
      positiveRate: trainPositiveRate,
    },
    params: { ...input.params },
    codeVersion: input.codeVersion,
    referenceHistograms: { ...dataset.referenceHistograms },
  };
}

/** bestF1's threshold is +Infinity when nothing is worth predicting positive: 1 then. */
function clampProbability(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
}

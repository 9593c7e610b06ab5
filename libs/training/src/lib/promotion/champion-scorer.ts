import { evaluateBinaryClassifier, toRowMajorFloat32 } from '@platform/ml';
import type { ModelVersion } from '@platform/model-registry';
import { ModelArtifactStore } from '../artifacts/model-artifact-store';
import type { TrainingDataset } from '../dataset/training-dataset';
import { scoreWithOnnxRuntime } from '../onnx/onnx-runtime.session';

export interface ChampionScore {
  readonly rocAuc: number;
  readonly prAuc: number;
  readonly logLoss: number;
  readonly examples: number;
}

/**
 * Scores a registered version on a new training's test rows, as it is served: its model.onnx in
 * ONNX Runtime, fed the rows encoded with its own feature order and vocabularies.
 */
export class ChampionScorer {
  constructor(private readonly artifacts: ModelArtifactStore) {}

  async score(version: ModelVersion, dataset: TrainingDataset): Promise<ChampionScore> {
    const { manifest, onnx } = await this.artifacts.read(version.artifactUri);
    const test = dataset.encodeTest({ featureNames: manifest.featureNames, vocabularies: manifest.vocabularies });
    const probabilities = await scoreWithOnnxRuntime(onnx, toRowMajorFloat32(test), test.numRows, test.featureNames.length);
    const evaluation = evaluateBinaryClassifier(dataset.test.labels, probabilities);
    return { rocAuc: evaluation.rocAuc, prAuc: evaluation.prAuc, logLoss: evaluation.logLoss, examples: evaluation.count };
  }
}

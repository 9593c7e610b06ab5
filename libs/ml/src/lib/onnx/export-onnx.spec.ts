import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { createDataset } from '../dataset/create-dataset.util';
import { SeededRandom } from '../common/seeded-random';
import { categoricalProblem } from '../../test-support/synthetic-problems';
import { trainGbdt } from '../gbdt/train-gbdt';
import { TreeEnsembleModel } from '../gbdt/tree-ensemble-model.types';
import { exportOnnx, OnnxScorer } from './export-onnx';
import { flattenTreesForOnnx } from './onnx-tree-nodes.util';
import { predictProbabilities } from '../gbdt/predict-tree-ensemble.util';
import { Dataset } from '../dataset/dataset.types';

// The agreement with a real runtime is proven in libs/training (exportVerifiedOnnx, ONNX Runtime);
// here the runtime is a stand-in, to test what exportOnnx itself decides.

/** A 12-code categorical and a numerical feature with NaN. */
function mixedProblem(numRows: number, seed: number): Dataset {
  const random = new SeededRandom(seed);
  const values = new Float64Array(numRows * 2);
  const labels = new Uint8Array(numRows);
  for (let r = 0; r < numRows; r++) {
    const a = random.next() < 0.15 ? NaN : random.nextNormal();
    const category = 10 + random.nextInt(12);
    values.set([a, category], r * 2);
    const z = (Number.isNaN(a) ? 1 : a) + ([11, 14, 15, 19].includes(category) ? 1.2 : -0.4);
    labels[r] = random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return createDataset({ values, featureNames: ['a', 'category'], categoricalFeatures: ['category'], labels });
}

/** A runtime that answers what the trainer predicts, shifted by `shift` on row `row`. */
function standInRuntime(model: TreeEnsembleModel, evaluation: Dataset, shift = 0, row = 0): OnnxScorer {
  return async () => {
    const probabilities = Float32Array.from(predictProbabilities(model, evaluation));
    probabilities[row] = (probabilities[row] ?? 0) + shift;
    return probabilities;
  };
}

describe('exportOnnx', () => {
  const evaluation = mixedProblem(2000, 2);
  const model = trainGbdt({ train: mixedProblem(5000, 1), params: { numTrees: 20, numLeaves: 8, maxCatToOnehot: 2, minDataPerGroup: 20 } }).model;

  it('returns the bytes, the io description and the verification of the runtime it was given', async () => {
    const exported = await exportOnnx(model, evaluation, { score: standInRuntime(model, evaluation) });
    expect(exported.bytes.length).toBeGreaterThan(1000);
    expect(exported.metadata).toMatchObject({ inputName: 'features', probabilityOutput: 'probability', featureNames: ['a', 'category'], numTrees: 20 });
    expect(exported.metadata.verification).toMatchObject({ rows: 2000, tolerance: 1e-5 });
    expect(exported.metadata.verification.maxAbsDifference).toBeLessThan(1e-6);
    expect(exported.metadata.categoryCodes['category']?.every((code) => code >= 10 && code <= 21)).toBe(true);
  });

  it('fails naming the worst row when the runtime and the trainer disagree', async () => {
    const error = await exportOnnx(model, evaluation, { score: standInRuntime(model, evaluation, 1e-4, 17) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlException);
    expect((error as MlException).code).toBe(MlErrorCode.OnnxExportMismatch);
    expect((error as MlException).message).toMatch(/row 17 has ONNX probability [\d.e-]+ and trainer probability [\d.e-]+/);
  });

  it('counts a NaN from the runtime as the worst possible row', async () => {
    const error = await exportOnnx(model, evaluation, { score: standInRuntime(model, evaluation, NaN, 5) }).catch((e: unknown) => e);
    expect((error as MlException).code).toBe(MlErrorCode.OnnxExportMismatch);
    expect((error as MlException).message).toMatch(/row 5 /);
  });

  it('reports a runtime that cannot run the export, and an empty evaluation set', async () => {
    const broken: OnnxScorer = async () => {
      throw new Error('bad model');
    };
    await expect(exportOnnx(model, evaluation, { score: broken })).rejects.toThrow(/could not run the export: bad model/);
    const empty = createDataset({ values: new Float64Array(0), featureNames: ['a', 'category'] });
    await expect(exportOnnx(model, empty, { score: standInRuntime(model, empty) })).rejects.toThrow(/evaluation set is empty/);
  });

  it('refuses a model too large for ONNX', () => {
    const { model: many } = trainGbdt({ train: categoricalProblem({ numRows: 3000, seed: 5 }), params: { numTrees: 10 } });
    expect(() => flattenTreesForOnnx(many, 100)).toThrow(/lower maxCatThreshold/);
  });
});

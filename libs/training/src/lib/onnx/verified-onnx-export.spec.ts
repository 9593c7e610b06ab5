/**
 * @jest-environment ../../jest-onnx.environment.js
 */
import { createDataset, Dataset, MlErrorCode, MlException, predictProbabilities, SeededRandom, toRowMajorFloat32, trainGbdt, TreeEnsembleModel } from '@platform/ml';
import { exportVerifiedOnnx } from './export-verified-onnx';
import { scoreWithOnnxRuntime } from './onnx-runtime.session';

/** Mixed problem: numerical with NaN, a 12-code categorical, values on bin edges. */
function mixedProblem(numRows: number, seed: number): Dataset {
  const random = new SeededRandom(seed);
  const f = 5;
  const values = new Float64Array(numRows * f);
  const labels = new Uint8Array(numRows);
  for (let r = 0; r < numRows; r++) {
    const a = random.next() < 0.15 ? NaN : random.nextNormal();
    // Coarse values repeat exactly, so many rows sit exactly on a threshold's float32 value.
    const b = Math.round(random.nextNormal() * 20) / 7;
    const category = random.next() < 0.05 ? NaN : 10 + random.nextInt(12);
    const c = random.next() * 1e6;
    const d = random.nextNormal() * 1e-3;
    values.set([a, b, category, c, d], r * f);
    const z = (Number.isNaN(a) ? 1 : a) + 0.5 * b + ([11, 14, 15, 19].includes(category) ? 1.2 : -0.4) + d * 300;
    labels[r] = random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return createDataset({ values, featureNames: ['a', 'b', 'category', 'c', 'd'], categoricalFeatures: ['category'], labels });
}

describe('exportVerifiedOnnx (libs/ml export, ONNX Runtime check)', () => {
  let model: TreeEnsembleModel;
  let evaluation: Dataset;

  beforeAll(() => {
    model = trainGbdt({
      train: mixedProblem(20_000, 1),
      params: { numTrees: 60, numLeaves: 15, maxCatToOnehot: 2, minDataPerGroup: 20, catSmooth: 5 },
    }).model;
    evaluation = mixedProblem(100_000, 2);
  });

  it('agrees with the trainer within 1e-5 on 100k rows, categorical and missing values included', async () => {
    const kinds = new Set(model.trees.flatMap((t) => t.splitKind));
    expect(kinds).toEqual(new Set(['numerical', 'categorical']));
    expect(model.trees.some((t) => t.categories.some((c) => c.length > 1))).toBe(true);
    expect(model.trees.some((t) => t.missingGoesLeft.some((m, i) => m && t.splitFeature[i] === 0))).toBe(true);

    const exported = await exportVerifiedOnnx(model, evaluation);
    expect(exported.metadata.verification.rows).toBe(100_000);
    expect(exported.metadata.verification.maxAbsDifference).toBeLessThanOrEqual(1e-5);
    expect(exported.metadata).toMatchObject({
      inputName: 'features',
      probabilityOutput: 'probability',
      featureNames: ['a', 'b', 'category', 'c', 'd'],
      categoricalFeatures: [2],
      numTrees: 60,
    });
  });

  it('routes unseen categories and NaN the way the trainer does', async () => {
    const rows = Float64Array.from([NaN, 0.3, 999, 5, 0, 0.1, NaN, NaN, 1, 0, 1, 1, 13, NaN, NaN]);
    const probe = createDataset({ values: rows, featureNames: [...model.featureNames], categoricalFeatures: [2] });
    const { bytes } = await exportVerifiedOnnx(model, mixedProblem(1000, 3));
    const onnx = await scoreWithOnnxRuntime(bytes, toRowMajorFloat32(probe), 3, 5);
    const trainer = predictProbabilities(model, probe);
    for (let r = 0; r < 3; r++) expect(Math.abs((onnx[r] ?? NaN) - (trainer[r] ?? NaN))).toBeLessThanOrEqual(1e-6);
  });

  it('exports a model without trees (the base rate only)', async () => {
    const train = mixedProblem(300, 9);
    const { model: constant } = trainGbdt({ train, params: { numTrees: 0 } });
    const { metadata } = await exportVerifiedOnnx(constant, train);
    expect(metadata.numTrees).toBe(0);
  });

  it('refuses an export ONNX Runtime disagrees with, naming the worst row', async () => {
    // A model whose JSON was tampered with: leaf values no longer float32, beyond tolerance.
    const tampered: TreeEnsembleModel = {
      ...model,
      trees: model.trees.map((t, i) => (i === 0 ? { ...t, leafValue: t.leafValue.map((v) => v + 1e-3 * Math.PI) } : t)),
    };
    const error = await exportVerifiedOnnx(tampered, mixedProblem(200, 7), 1e-9).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlException);
    expect((error as MlException).code).toBe(MlErrorCode.OnnxExportMismatch);
    expect((error as MlException).message).toMatch(/row \d+ has ONNX probability [\d.e-]+ and trainer probability [\d.e-]+/);
  });
});

import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { numFeaturesOf } from '../dataset/dataset-access.util';
import { Dataset } from '../dataset/dataset.types';
import { CompiledTree } from './compiled-tree';
import { DecisionTree, TreeEnsembleModel } from './tree-ensemble-model.types';

// Math functions hoisted: a global lookup in a hot loop is slow inside jest's vm contexts.
const { exp } = Math;

/** Adds one tree's output to every row's score (used for validation scores during training). */
export function addTreeOutputs(tree: DecisionTree | CompiledTree, dataset: Dataset, scores: Float64Array): void {
  const compiled = tree instanceof CompiledTree ? tree : new CompiledTree(tree);
  const { values, numRows } = dataset;
  const numFeatures = numFeaturesOf(dataset);
  const rowMajor = dataset.layout === 'row-major';
  const rowStride = rowMajor ? numFeatures : 1;
  const featureStride = rowMajor ? 1 : numRows;
  const leafValue = compiled.leafValue;
  for (let r = 0; r < numRows; r++) {
    scores[r] = (scores[r] ?? 0) + (leafValue[compiled.leafOf(values, r * rowStride, featureStride)] ?? 0);
  }
}

/** Log-odds per row. Trees are summed in order in float64, starting from the base score. */
export function predictRawScores(model: TreeEnsembleModel, dataset: Dataset, numTrees = model.trees.length): Float64Array {
  assertSameFeatures(model, dataset);
  const scores = new Float64Array(dataset.numRows).fill(model.baseScore);
  for (const tree of model.trees.slice(0, numTrees)) {
    addTreeOutputs(tree, dataset, scores);
  }
  return scores;
}

/** Probability of the positive class per row. */
export function predictProbabilities(model: TreeEnsembleModel, dataset: Dataset, numTrees?: number): Float64Array {
  const scores = predictRawScores(model, dataset, numTrees);
  for (let r = 0; r < scores.length; r++) scores[r] = sigmoid(scores[r] ?? 0);
  return scores;
}

/** Columns are matched by position, so a dataset with other or reordered features is refused. */
function assertSameFeatures(model: TreeEnsembleModel, dataset: Dataset): void {
  const expected = model.featureNames;
  const actual = dataset.featureNames;
  if (expected.length !== actual.length || expected.some((name, f) => name !== actual[f])) {
    throw new MlException(
      MlErrorCode.InvalidDataset,
      `the dataset's features [${actual.join(', ')}] differ from the model's [${expected.join(', ')}]`,
    );
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + exp(-x));
}

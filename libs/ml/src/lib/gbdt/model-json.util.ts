import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { resolveGbdtParams } from './resolve-gbdt-params.util';
import { DecisionTree, TreeEnsembleModel } from './tree-ensemble-model.types';

const NON_FINITE: Readonly<Record<string, number>> = { Infinity: Infinity, '-Infinity': -Infinity, NaN: NaN };

/**
 * JSON text of a model. Plain JSON.stringify would do, except that it writes non-finite numbers
 * as null; a threshold can in principle be -Infinity, so those are written as strings.
 * Finite numbers survive exactly: JSON keeps the shortest text that reads back as the same double.
 */
export function serializeTreeEnsembleModel(model: TreeEnsembleModel): string {
  return JSON.stringify(model, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  );
}

/** Reads a model back from JSON text (or an already parsed object), checking its shape. */
export function parseTreeEnsembleModel(json: string | unknown): TreeEnsembleModel {
  const raw = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<TreeEnsembleModel> | null;
  if (!raw || raw.format !== 'platform-gbdt' || raw.formatVersion !== 1 || raw.objective !== 'binary-logloss') {
    throw invalid('not a platform-gbdt binary model of format version 1');
  }
  if (!Array.isArray(raw.featureNames) || !Array.isArray(raw.trees) || typeof raw.baseScore !== 'number') {
    throw invalid('featureNames, trees and baseScore are required');
  }
  const numFeatures = raw.featureNames.length;
  const trees = raw.trees.map((tree, t) => checkTree(restoreNumbers(tree), t, numFeatures));
  return {
    format: 'platform-gbdt',
    formatVersion: 1,
    objective: 'binary-logloss',
    featureNames: raw.featureNames.map(String),
    categoricalFeatures: (raw.categoricalFeatures ?? []).map(Number),
    baseScore: raw.baseScore,
    trees,
    params: resolveGbdtParams(raw.params ?? {}),
  };
}

function restoreNumbers(tree: DecisionTree): DecisionTree {
  const threshold = tree.threshold.map((v) => (typeof v === 'string' ? (NON_FINITE[v] ?? NaN) : v));
  return { ...tree, threshold };
}

function checkTree(tree: DecisionTree, index: number, numFeatures: number): DecisionTree {
  const nodes = tree.splitFeature?.length ?? -1;
  const leaves = tree.leafValue?.length ?? -1;
  const perNode = [tree.splitKind, tree.threshold, tree.categories, tree.missingGoesLeft, tree.leftChild, tree.rightChild];
  if (nodes < 0 || leaves !== nodes + 1 || perNode.some((a) => !Array.isArray(a) || a.length !== nodes)) {
    throw invalid(`tree ${index}: node arrays must have one entry per node and leafValue one more`);
  }
  for (let i = 0; i < nodes; i++) {
    const children = [tree.leftChild[i], tree.rightChild[i]];
    if (children.some((c) => c === undefined || !Number.isInteger(c) || c >= nodes || ~c >= leaves || c === 0)) {
      throw invalid(`tree ${index}: node ${i} has a child out of range`);
    }
    const feature = tree.splitFeature[i];
    if (feature === undefined || !Number.isInteger(feature) || feature < 0 || feature >= numFeatures) {
      throw invalid(`tree ${index}: node ${i} splits on an unknown feature`);
    }
  }
  return tree;
}

function invalid(message: string): MlException {
  return new MlException(MlErrorCode.InvalidModel, message);
}

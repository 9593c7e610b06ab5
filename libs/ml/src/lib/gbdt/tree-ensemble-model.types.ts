import { GbdtParams } from './gbdt-params.types';

type SplitKind = 'numerical' | 'categorical';

/**
 * One regression tree as plain arrays (struct of arrays: compact JSON, fast to walk).
 * Internal node i tests feature splitFeature[i]; node 0 is the root. A child reference c >= 0
 * is an internal node, c < 0 is leaf ~c (-1 is leaf 0). A tree with one leaf has no nodes.
 */
export interface DecisionTree {
  readonly splitFeature: readonly number[];
  readonly splitKind: readonly SplitKind[];
  /**
   * Numerical nodes: go left when float32(x) <= threshold; every threshold is a float32 value,
   * so this test is the one ONNX Runtime makes. Categorical nodes: 0 (unused).
   */
  readonly threshold: readonly number[];
  /** Categorical nodes: the codes that go left, ascending. Numerical nodes: []. */
  readonly categories: readonly (readonly number[])[];
  /** Where NaN goes. Unseen categorical codes always go right. */
  readonly missingGoesLeft: readonly boolean[];
  readonly leftChild: readonly number[];
  readonly rightChild: readonly number[];
  readonly splitGain: readonly number[];
  /** Leaf outputs on the log-odds scale, learning rate applied, float32 values. */
  readonly leafValue: readonly number[];
  /** Training rows that reached each leaf (in-bag rows only when bagging). */
  readonly leafCount: readonly number[];
}

/**
 * A trained binary classifier: log-odds = baseScore + sum of tree outputs, probability =
 * sigmoid(log-odds). Plain data: JSON.stringify/parse (see model-json.util) and predict without
 * the training data.
 */
export interface TreeEnsembleModel {
  readonly format: 'platform-gbdt';
  readonly formatVersion: 1;
  readonly objective: 'binary-logloss';
  readonly featureNames: readonly string[];
  readonly categoricalFeatures: readonly number[];
  readonly baseScore: number;
  readonly trees: readonly DecisionTree[];
  readonly params: GbdtParams;
}

import { itemAt } from '@platform/common';
import { FeatureBins } from '../binning/feature-bins.types';
import { GrownTree } from './grown-tree.types';
import { DecisionTree } from './tree-ensemble-model.types';

/**
 * From bin space to value space: a numerical bin threshold becomes that bin's float32 upper
 * bound, a set of category bins becomes the set of their vocabulary codes.
 */
export function toDecisionTree(tree: GrownTree, featureBins: readonly FeatureBins[]): DecisionTree {
  const nodes = tree.numLeaves - 1;
  const threshold: number[] = [];
  const categories: number[][] = [];
  for (let i = 0; i < nodes; i++) {
    const bins = itemAt(featureBins, itemAt(tree.splitFeature, i));
    if (bins.kind === 'categorical') {
      threshold.push(0);
      categories.push(itemAt(tree.categoryBins, i).map((bin) => itemAt(bins.categories, bin)).sort((a, b) => a - b));
    } else {
      threshold.push(itemAt(bins.upperBounds, itemAt(tree.thresholdBin, i)));
      categories.push([]);
    }
  }
  return {
    splitFeature: Array.from(tree.splitFeature),
    splitKind: Array.from(tree.categorical, (c) => (c === 1 ? 'categorical' : 'numerical')),
    threshold,
    categories,
    missingGoesLeft: Array.from(tree.missingLeft, (m) => m === 1),
    leftChild: Array.from(tree.left),
    rightChild: Array.from(tree.right),
    splitGain: Array.from(tree.gain),
    leafValue: Array.from(tree.leafValue),
    leafCount: Array.from(tree.leafCount),
  };
}

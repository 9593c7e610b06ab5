import { itemAt } from '@platform/common';
import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { DecisionTree, TreeEnsembleModel } from '../gbdt/tree-ensemble-model.types';

/** Beyond this the model would take hundreds of megabytes; no sensible model gets near it. */
const MAX_ONNX_NODES = 5_000_000;

/** The nodes_* and target_* attribute arrays of an ai.onnx.ml TreeEnsembleRegressor. */
export interface OnnxTreeNodes {
  readonly treeIds: number[];
  readonly nodeIds: number[];
  readonly featureIds: number[];
  readonly modes: string[];
  readonly values: number[];
  readonly trueNodeIds: number[];
  readonly falseNodeIds: number[];
  readonly missingTracksTrue: number[];
  readonly targetTreeIds: number[];
  readonly targetNodeIds: number[];
  readonly targetIds: number[];
  readonly targetWeights: number[];
}

/**
 * Flattens the model's trees into ONNX node tuples, each tree in pre-order so that its root
 * comes first and node ids count up from 0.
 *
 * - A numerical split is one BRANCH_LEQ node (x <= threshold -> true = left child).
 * - A categorical split on codes {c1..ck} is a chain of BRANCH_EQ nodes: x == c1 -> left,
 *   else x == c2 -> left, ..., else right. ONNX trees must be trees (ONNX Runtime rejects a node
 *   reached from two parents), so every link of the chain gets its own copy of the left subtree.
 * - NaN: nodes_missing_value_tracks_true = 1 sends NaN to the true branch, i.e. left; on a chain
 *   every link carries the flag, so NaN leaves at the first link. Unseen codes match no link
 *   and go right, as in the trainer's own predictions.
 */
export function flattenTreesForOnnx(model: TreeEnsembleModel, maxNodes = MAX_ONNX_NODES): OnnxTreeNodes {
  const total = model.trees.reduce((sum, tree) => sum + (tree.splitFeature.length > 0 ? onnxNodeCount(tree, 0) : 1), 0);
  if (total > maxNodes) {
    throw new MlException(
      MlErrorCode.OnnxExportFailed,
      `the ONNX trees would have ${total} nodes (limit ${maxNodes}): categorical splits copy their left subtree once per ` +
        'category; train with a lower maxCatThreshold or numLeaves',
      { nodes: total, maxNodes },
    );
  }
  const out: OnnxTreeNodes = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    modes: [],
    values: [],
    trueNodeIds: [],
    falseNodeIds: [],
    missingTracksTrue: [],
    targetTreeIds: [],
    targetNodeIds: [],
    targetIds: [],
    targetWeights: [],
  };
  // A model without trees still needs one tree for a valid operator: a single leaf of 0.
  const trees = model.trees.length > 0 ? model.trees : [EMPTY_TREE];
  trees.forEach((tree, treeId) => new TreeFlattener(tree, treeId, out).emit(tree.splitFeature.length > 0 ? 0 : ~0));
  return out;
}

const EMPTY_TREE: DecisionTree = {
  splitFeature: [],
  splitKind: [],
  threshold: [],
  categories: [],
  missingGoesLeft: [],
  leftChild: [],
  rightChild: [],
  splitGain: [],
  leafValue: [0],
  leafCount: [0],
};

/** Nodes the ONNX form of a subtree takes, copies of left subtrees under category chains included. */
function onnxNodeCount(tree: DecisionTree, ref: number): number {
  if (ref < 0) return 1;
  const left = onnxNodeCount(tree, itemAt(tree.leftChild, ref));
  const right = onnxNodeCount(tree, itemAt(tree.rightChild, ref));
  const links = tree.splitKind[ref] === 'categorical' ? itemAt(tree.categories, ref).length : 1;
  return links * (1 + left) + right;
}

class TreeFlattener {
  private nextId = 0;

  constructor(
    private readonly tree: DecisionTree,
    private readonly treeId: number,
    private readonly out: OnnxTreeNodes,
  ) {}

  /** Emits the subtree at `ref` (>= 0 node, < 0 leaf ~ref) and returns its ONNX node id. */
  emit(ref: number): number {
    const { tree } = this;
    if (ref < 0) {
      const id = this.push(0, 'LEAF', 0, 0);
      this.out.targetTreeIds.push(this.treeId);
      this.out.targetNodeIds.push(id);
      this.out.targetIds.push(0);
      this.out.targetWeights.push(itemAt(tree.leafValue, ~ref));
      return id;
    }
    const feature = itemAt(tree.splitFeature, ref);
    const missing = tree.missingGoesLeft[ref] ? 1 : 0;
    const leftChild = itemAt(tree.leftChild, ref);
    const rightChild = itemAt(tree.rightChild, ref);
    if (tree.splitKind[ref] === 'numerical') {
      const id = this.push(feature, 'BRANCH_LEQ', itemAt(tree.threshold, ref), missing);
      this.link(id, this.emit(leftChild), this.emit(rightChild));
      return id;
    }
    const codes = itemAt(tree.categories, ref);
    const chain: number[] = [];
    for (const code of codes) {
      const id = this.push(feature, 'BRANCH_EQ', code, missing);
      chain.push(id);
      this.out.trueNodeIds[this.indexOf(id)] = this.emit(leftChild);
    }
    const right = this.emit(rightChild);
    chain.forEach((id, k) => {
      this.out.falseNodeIds[this.indexOf(id)] = chain[k + 1] ?? right;
    });
    return itemAt(chain, 0);
  }

  private push(feature: number, mode: string, value: number, missing: number): number {
    const id = this.nextId++;
    const { out } = this;
    out.treeIds.push(this.treeId);
    out.nodeIds.push(id);
    out.featureIds.push(feature);
    out.modes.push(mode);
    out.values.push(value);
    out.trueNodeIds.push(0);
    out.falseNodeIds.push(0);
    out.missingTracksTrue.push(missing);
    return id;
  }

  private link(id: number, trueId: number, falseId: number): void {
    const index = this.indexOf(id);
    this.out.trueNodeIds[index] = trueId;
    this.out.falseNodeIds[index] = falseId;
  }

  /** Position of this tree's node `id` in the flat arrays. */
  private indexOf(id: number): number {
    return this.out.nodeIds.length - this.nextId + id;
  }
}

import { BinnedDataset } from '../binning/binned-dataset.types';
import { itemAt } from '@platform/common';
import { findCategoricalSplit } from './categorical-split-finder';
import { DataPartition } from './data-partition';
import { GbdtParams } from './gbdt-params.types';
import { GrownTree } from './grown-tree.types';
import { HistogramBuilder, subtractHistogram } from './histogram-builder';
import { findNumericalSplit } from './numerical-split-finder';
import { LeafTotals, SplitCandidate } from './split-candidate';
import { TrainingMemory } from './training-memory';

/** What the grower knows of one leaf of the tree being grown. */
class GrowingLeaf {
  gradient = 0;
  hessian = 0;
  depth = 0;
  /** Index of its histogram in memory.histograms. */
  histogram = 0;
  /** 2 * node + (1 if the leaf is the node's right child), or -1 for the root. */
  parent = -1;
  /** Its best split; gain -Infinity until searched or when it cannot split. */
  readonly best = new SplitCandidate();

  constructor(readonly index: number) {}
}

/**
 * Grows one tree leaf-wise (LightGBM's strategy): always split the leaf whose best split gains
 * most, until numLeaves leaves or no split gains. Only the smaller child of a split gets its
 * histogram built from rows; the larger one's is the parent's minus the smaller's.
 * Buffers are allocated once (histograms in the kernel's memory) and reused for every tree.
 */
export class TreeGrower {
  private readonly maxLeaves: number;
  private readonly histogramBuilder: HistogramBuilder;
  private readonly leaves: readonly GrowingLeaf[];

  constructor(
    private readonly binned: BinnedDataset,
    private readonly params: GbdtParams,
    private readonly memory: TrainingMemory,
  ) {
    this.maxLeaves = params.numLeaves;
    this.histogramBuilder = new HistogramBuilder(memory, binned.binOffsets);
    this.leaves = Array.from({ length: this.maxLeaves }, (_, index) => new GrowingLeaf(index));
  }

  /**
   * Grows a tree over the rows in `partition` (all in leaf 0) with the gradients in
   * memory.gradHess. `allRows` says the partition holds every training row in order, which lets
   * the root histogram read the gradients in place.
   */
  grow(partition: DataPartition, features: Int32Array, allRows: boolean): GrownTree {
    const { binned, params, maxLeaves, histogramBuilder, memory } = this;
    histogramBuilder.useFeatures(features);
    const tree = emptyTree(maxLeaves);

    const root = itemAt(this.leaves, 0);
    const rootCount = partition.countOf(0);
    [root.gradient, root.hessian] = sumGradients(memory.gradHess, partition.rows, rootCount);
    root.depth = 0;
    root.parent = -1;
    root.histogram = 0;
    let freeHistogram = 1;
    histogramBuilder.build(0, rootCount, 0, allRows);
    this.findBestSplit(root, rootCount, features);

    let numLeaves = 1;
    while (numLeaves < maxLeaves) {
      const leaf = this.bestLeaf(numLeaves);
      if (leaf === undefined) break;
      const split = leaf.best;
      const node = numLeaves - 1;
      const newLeaf = itemAt(this.leaves, numLeaves);
      const goesLeft = this.goesLeftTable(split);
      const leftCount = partition.split(leaf.index, newLeaf.index, split.feature, goesLeft);
      const rightCount = partition.countOf(newLeaf.index);

      tree.splitFeature[node] = split.feature;
      tree.categorical[node] = split.categorical ? 1 : 0;
      tree.thresholdBin[node] = split.thresholdBin;
      (tree.categoryBins as number[][])[node] = split.categoryBins;
      tree.missingLeft[node] = split.missingLeft ? 1 : 0;
      tree.gain[node] = split.gain;
      (tree.goesLeft as Uint8Array[])[node] = goesLeft;
      tree.left[node] = ~leaf.index;
      tree.right[node] = ~newLeaf.index;
      if (leaf.parent >= 0) {
        if ((leaf.parent & 1) === 0) tree.left[leaf.parent >> 1] = node;
        else tree.right[leaf.parent >> 1] = node;
      }
      leaf.parent = 2 * node;
      newLeaf.parent = 2 * node + 1;
      const depth = leaf.depth + 1;
      leaf.depth = depth;
      newLeaf.depth = depth;
      newLeaf.gradient = split.rightGradient;
      newLeaf.hessian = split.rightHessian;
      leaf.gradient = split.leftGradient;
      leaf.hessian = split.leftHessian;
      numLeaves++;

      leaf.best.reset();
      newLeaf.best.reset();
      const leftSplittable = this.canSplit(leftCount, depth);
      const rightSplittable = this.canSplit(rightCount, depth);
      // After the last split, or when neither child can split, no histogram is needed.
      if (numLeaves === maxLeaves || (!leftSplittable && !rightSplittable)) continue;

      const smallerIsLeft = leftCount <= rightCount;
      const smaller = smallerIsLeft ? leaf : newLeaf;
      const larger = smallerIsLeft ? newLeaf : leaf;
      const parentHistogram = leaf.histogram;
      const smallerHistogram = freeHistogram++;
      larger.histogram = parentHistogram;
      smaller.histogram = smallerHistogram;
      histogramBuilder.build(partition.beginOf(smaller.index), partition.countOf(smaller.index), smallerHistogram);
      if (smallerIsLeft ? rightSplittable : leftSplittable) {
        subtractHistogram(memory.histogram(parentHistogram), memory.histogram(smallerHistogram), binned.binOffsets, features);
        this.findBestSplit(larger, partition.countOf(larger.index), features);
      }
      if (smallerIsLeft ? leftSplittable : rightSplittable) {
        this.findBestSplit(smaller, partition.countOf(smaller.index), features);
      }
    }

    for (let index = 0; index < numLeaves; index++) {
      const leaf = itemAt(this.leaves, index);
      const value = -leaf.gradient / (leaf.hessian + params.lambdaL2);
      tree.leafValue[index] = Math.fround(value * params.learningRate);
      tree.leafCount[index] = partition.countOf(index);
    }
    return trimTree(tree, numLeaves);
  }

  private canSplit(count: number, depth: number): boolean {
    return count >= 2 * this.params.minDataInLeaf && (this.params.maxDepth < 0 || depth < this.params.maxDepth);
  }

  /** The first of the leaves with the largest positive gain, if any. */
  private bestLeaf(numLeaves: number): GrowingLeaf | undefined {
    let best: GrowingLeaf | undefined;
    let bestGain = 0;
    for (let index = 0; index < numLeaves; index++) {
      const leaf = itemAt(this.leaves, index);
      if (leaf.best.gain > bestGain) {
        bestGain = leaf.best.gain;
        best = leaf;
      }
    }
    return best;
  }

  private findBestSplit(leaf: GrowingLeaf, count: number, features: Int32Array): void {
    const best = leaf.best;
    best.reset();
    if (!this.canSplit(count, leaf.depth)) return;
    const totals: LeafTotals = { gradient: leaf.gradient, hessian: leaf.hessian, count };
    const hist = this.memory.histogram(leaf.histogram);
    const { featureBins, binOffsets } = this.binned;
    for (const f of features) {
      const bins = itemAt(featureBins, f);
      const offset = itemAt(binOffsets, f);
      if (bins.kind === 'numerical') {
        findNumericalSplit(hist, offset, f, bins, totals, this.params, best);
      } else {
        findCategoricalSplit(hist, offset, f, bins, totals, this.params, best);
      }
    }
  }

  private goesLeftTable(split: SplitCandidate): Uint8Array {
    const bins = itemAt(this.binned.featureBins, split.feature);
    const table = new Uint8Array(bins.numBins + 1);
    if (split.categorical) {
      for (const bin of split.categoryBins) table[bin] = 1;
    } else {
      table.fill(1, 0, split.thresholdBin + 1);
    }
    if (bins.missingBin >= 0) table[bins.missingBin] = split.missingLeft ? 1 : 0;
    return table;
  }
}

/** Sums of the (gradient, hessian) pairs of rows[0..count). */
function sumGradients(gradHess: Float32Array, rows: Uint32Array, count: number): [number, number] {
  let gradient = 0;
  let hessian = 0;
  for (let i = 0; i < count; i++) {
    const r2 = (rows[i] ?? 0) << 1;
    gradient += gradHess[r2] ?? 0;
    hessian += gradHess[r2 + 1] ?? 0;
  }
  return [gradient, hessian];
}

function emptyTree(maxLeaves: number): GrownTree {
  const nodes = Math.max(maxLeaves - 1, 0);
  return {
    numLeaves: 1,
    splitFeature: new Int32Array(nodes),
    categorical: new Uint8Array(nodes),
    thresholdBin: new Int32Array(nodes),
    categoryBins: new Array<number[]>(nodes),
    missingLeft: new Uint8Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    gain: new Float64Array(nodes),
    goesLeft: new Array<Uint8Array>(nodes),
    leafValue: new Float64Array(maxLeaves),
    leafCount: new Int32Array(maxLeaves),
  };
}

function trimTree(tree: GrownTree, numLeaves: number): GrownTree {
  const nodes = numLeaves - 1;
  return {
    numLeaves,
    splitFeature: tree.splitFeature.slice(0, nodes),
    categorical: tree.categorical.slice(0, nodes),
    thresholdBin: tree.thresholdBin.slice(0, nodes),
    categoryBins: tree.categoryBins.slice(0, nodes),
    missingLeft: tree.missingLeft.slice(0, nodes),
    left: tree.left.slice(0, nodes),
    right: tree.right.slice(0, nodes),
    gain: tree.gain.slice(0, nodes),
    goesLeft: tree.goesLeft.slice(0, nodes),
    leafValue: tree.leafValue.slice(0, numLeaves),
    leafCount: tree.leafCount.slice(0, numLeaves),
  };
}

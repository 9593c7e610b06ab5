import { BinnedDataset } from '../binning/binned-dataset.types';
import { findCategoricalSplit } from './categorical-split-finder';
import { DataPartition } from './data-partition';
import { GbdtParams } from './gbdt-params.types';
import { GrownTree } from './grown-tree.types';
import { HistogramBuilder, subtractHistogram } from './histogram-builder';
import { findNumericalSplit } from './numerical-split-finder';
import { LeafTotals, SplitCandidate } from './split-candidate';
import { TrainingMemory } from './training-memory';

/**
 * Grows one tree leaf-wise (LightGBM's strategy): always split the leaf whose best split gains
 * most, until numLeaves leaves or no split gains. Only the smaller child of a split gets its
 * histogram built from rows; the larger one's is the parent's minus the smaller's.
 * Buffers are allocated once (histograms in the kernel's memory) and reused for every tree.
 */
export class TreeGrower {
  private readonly maxLeaves: number;
  private readonly histograms: readonly Float64Array[];
  private readonly histogramBuilder: HistogramBuilder;
  private readonly splits: SplitCandidate[];
  private readonly leafGradient: Float64Array;
  private readonly leafHessian: Float64Array;
  private readonly leafDepth: Int32Array;
  private readonly leafHistogram: Int32Array;
  /** 2 * node + (1 if the leaf is the node's right child), or -1 for the root. */
  private readonly leafParent: Int32Array;

  constructor(
    private readonly binned: BinnedDataset,
    private readonly params: GbdtParams,
    private readonly memory: TrainingMemory,
  ) {
    this.maxLeaves = params.numLeaves;
    this.histograms = memory.histograms;
    this.histogramBuilder = new HistogramBuilder(memory, binned.binOffsets);
    this.splits = Array.from({ length: this.maxLeaves }, () => new SplitCandidate());
    this.leafGradient = new Float64Array(this.maxLeaves);
    this.leafHessian = new Float64Array(this.maxLeaves);
    this.leafDepth = new Int32Array(this.maxLeaves);
    this.leafHistogram = new Int32Array(this.maxLeaves);
    this.leafParent = new Int32Array(this.maxLeaves);
  }

  /**
   * Grows a tree over the rows in `partition` (all in leaf 0) with the gradients in
   * memory.gradHess. `allRows` says the partition holds every training row in order, which lets
   * the root histogram read the gradients in place.
   */
  grow(partition: DataPartition, features: Int32Array, allRows: boolean): GrownTree {
    const { binned, params, maxLeaves, histogramBuilder } = this;
    const gradHess = this.memory.gradHess;
    histogramBuilder.useFeatures(features);
    const tree = emptyTree(maxLeaves);

    let rootG = 0;
    let rootH = 0;
    const rows = partition.rows;
    for (let i = 0, n = partition.leafCount[0]; i < n; i++) {
      const r2 = rows[i] << 1;
      rootG += gradHess[r2];
      rootH += gradHess[r2 + 1];
    }
    this.leafGradient[0] = rootG;
    this.leafHessian[0] = rootH;
    this.leafDepth[0] = 0;
    this.leafParent[0] = -1;
    this.leafHistogram[0] = 0;
    let freeHistogram = 1;
    histogramBuilder.build(0, partition.leafCount[0], 0, allRows);
    this.findBestSplit(0, partition.leafCount[0], features);

    let numLeaves = 1;
    while (numLeaves < maxLeaves) {
      const leaf = this.bestLeaf(numLeaves);
      if (leaf < 0) break;
      const split = this.splits[leaf];
      const node = numLeaves - 1;
      const newLeaf = numLeaves;
      const goesLeft = this.goesLeftTable(split);
      const leftCount = partition.split(leaf, newLeaf, split.feature, goesLeft);
      const rightCount = partition.leafCount[newLeaf];

      tree.splitFeature[node] = split.feature;
      tree.categorical[node] = split.categorical ? 1 : 0;
      tree.thresholdBin[node] = split.thresholdBin;
      (tree.categoryBins as number[][])[node] = split.categoryBins;
      tree.missingLeft[node] = split.missingLeft ? 1 : 0;
      tree.gain[node] = split.gain;
      (tree.goesLeft as Uint8Array[])[node] = goesLeft;
      tree.left[node] = ~leaf;
      tree.right[node] = ~newLeaf;
      const parent = this.leafParent[leaf];
      if (parent >= 0) {
        if ((parent & 1) === 0) tree.left[parent >> 1] = node;
        else tree.right[parent >> 1] = node;
      }
      this.leafParent[leaf] = 2 * node;
      this.leafParent[newLeaf] = 2 * node + 1;
      const depth = this.leafDepth[leaf] + 1;
      this.leafDepth[leaf] = depth;
      this.leafDepth[newLeaf] = depth;
      this.leafGradient[leaf] = split.leftGradient;
      this.leafHessian[leaf] = split.leftHessian;
      this.leafGradient[newLeaf] = split.rightGradient;
      this.leafHessian[newLeaf] = split.rightHessian;
      numLeaves++;

      this.splits[leaf].reset();
      this.splits[newLeaf].reset();
      const leftSplittable = this.canSplit(leftCount, depth);
      const rightSplittable = this.canSplit(rightCount, depth);
      // After the last split, or when neither child can split, no histogram is needed.
      if (numLeaves === maxLeaves || (!leftSplittable && !rightSplittable)) continue;

      const smaller = leftCount <= rightCount ? leaf : newLeaf;
      const larger = smaller === leaf ? newLeaf : leaf;
      const parentHistogram = this.leafHistogram[leaf];
      const smallerHistogram = freeHistogram++;
      this.leafHistogram[larger] = parentHistogram;
      this.leafHistogram[smaller] = smallerHistogram;
      histogramBuilder.build(partition.leafBegin[smaller], partition.leafCount[smaller], smallerHistogram);
      const largerSplittable = larger === leaf ? leftSplittable : rightSplittable;
      const smallerSplittable = smaller === leaf ? leftSplittable : rightSplittable;
      if (largerSplittable) {
        subtractHistogram(this.histograms[parentHistogram], this.histograms[smallerHistogram], binned.binOffsets, features);
        this.findBestSplit(larger, partition.leafCount[larger], features);
      }
      if (smallerSplittable) {
        this.findBestSplit(smaller, partition.leafCount[smaller], features);
      }
    }

    for (let leaf = 0; leaf < numLeaves; leaf++) {
      const value = -this.leafGradient[leaf] / (this.leafHessian[leaf] + params.lambdaL2);
      tree.leafValue[leaf] = Math.fround(value * params.learningRate);
      tree.leafCount[leaf] = partition.leafCount[leaf];
    }
    return trimTree(tree, numLeaves);
  }

  private canSplit(count: number, depth: number): boolean {
    return count >= 2 * this.params.minDataInLeaf && (this.params.maxDepth < 0 || depth < this.params.maxDepth);
  }

  private bestLeaf(numLeaves: number): number {
    let best = -1;
    let bestGain = 0;
    for (let leaf = 0; leaf < numLeaves; leaf++) {
      const gain = this.splits[leaf].gain;
      if (gain > bestGain) {
        bestGain = gain;
        best = leaf;
      }
    }
    return best;
  }

  private findBestSplit(leaf: number, count: number, features: Int32Array): void {
    const best = this.splits[leaf];
    best.reset();
    if (!this.canSplit(count, this.leafDepth[leaf])) return;
    const totals: LeafTotals = { gradient: this.leafGradient[leaf], hessian: this.leafHessian[leaf], count };
    const hist = this.histograms[this.leafHistogram[leaf]];
    const { featureBins, binOffsets } = this.binned;
    for (let k = 0; k < features.length; k++) {
      const f = features[k];
      const bins = featureBins[f];
      if (bins.kind === 'numerical') {
        findNumericalSplit(hist, binOffsets[f], f, bins, totals, this.params, best);
      } else {
        findCategoricalSplit(hist, binOffsets[f], f, bins, totals, this.params, best);
      }
    }
  }

  private goesLeftTable(split: SplitCandidate): Uint8Array {
    const bins = this.binned.featureBins[split.feature];
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

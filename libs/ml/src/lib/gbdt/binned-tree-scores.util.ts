import { itemAt } from '@platform/common';
import { DataPartition } from './data-partition';
import { GrownTree } from './grown-tree.types';
import { TrainingMemory } from './training-memory';

/**
 * Adds each leaf's value to memory.scores of the training rows the partition put in it (the
 * in-bag rows), a leaf's segment of row ids at a time in the kernel.
 */
export function addLeafValuesByPartition(tree: GrownTree, partition: DataPartition, memory: TrainingMemory): void {
  for (let leaf = 0; leaf < tree.numLeaves; leaf++) {
    const rowsAt = memory.rowsAt + 4 * partition.beginOf(leaf);
    memory.kernel.add_to_rows(rowsAt, partition.countOf(leaf), memory.scoresAt, itemAt(tree.leafValue, leaf));
  }
}

/** Adds the tree's output to rows outside the bag by walking it on their bins. */
export function addTreeOutputsOutOfBag(
  tree: GrownTree,
  bins: Uint8Array | Uint16Array,
  numRows: number,
  inBag: Uint32Array,
  scores: Float64Array,
): void {
  let next = 0;
  for (let r = 0; r < numRows; r++) {
    if (next < inBag.length && inBag[next] === r) {
      next++;
      continue;
    }
    let node = 0;
    let leaf = 0;
    if (tree.numLeaves > 1) {
      for (;;) {
        const bin = bins[(tree.splitFeature[node] ?? 0) * numRows + r] ?? 0;
        const child = (tree.goesLeft[node]?.[bin] === 1 ? tree.left[node] : tree.right[node]) ?? -1;
        if (child < 0) {
          leaf = ~child;
          break;
        }
        node = child;
      }
    }
    scores[r] = (scores[r] ?? 0) + (tree.leafValue[leaf] ?? 0);
  }
}

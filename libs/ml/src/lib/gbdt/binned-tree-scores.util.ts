import { DataPartition } from './data-partition';
import { GrownTree } from './grown-tree.types';

/**
 * Adds each leaf's value to the training rows the partition put in it (the in-bag rows).
 * Scatters small leaf numbers into `leafOfRow` first and then walks the scores in order:
 * cheaper than scattering float64 additions over the whole score array.
 */
export function addLeafValuesByPartition(
  tree: GrownTree,
  partition: DataPartition,
  scores: Float64Array,
  leafOfRow: Uint16Array | Uint32Array,
): void {
  const rows = partition.rows;
  for (let leaf = 0; leaf < tree.numLeaves; leaf++) {
    const begin = partition.beginOf(leaf);
    for (const row of rows.subarray(begin, begin + partition.countOf(leaf))) leafOfRow[row] = leaf;
  }
  const values = tree.leafValue;
  if (partition.numUsedRows === scores.length) {
    for (let r = 0; r < scores.length; r++) scores[r] = (scores[r] ?? 0) + (values[leafOfRow[r] ?? 0] ?? 0);
    return;
  }
  for (const row of rows.subarray(0, partition.numUsedRows)) {
    scores[row] = (scores[row] ?? 0) + (values[leafOfRow[row] ?? 0] ?? 0);
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

/**
 * Which training rows sit in which leaf, as LightGBM's DataPartition: one array of row ids in
 * which every leaf owns a contiguous segment. Splitting a leaf reorders only its own segment,
 * stably, so rows stay ascending within a leaf (kinder to the caches in the histogram loop).
 */
export class DataPartition {
  readonly rows: Uint32Array;
  readonly leafBegin: Int32Array;
  readonly leafCount: Int32Array;
  private readonly scratch: Uint32Array;
  private used = 0;

  constructor(numRows: number, maxLeaves: number) {
    this.rows = new Uint32Array(numRows);
    this.scratch = new Uint32Array(numRows);
    this.leafBegin = new Int32Array(maxLeaves);
    this.leafCount = new Int32Array(maxLeaves);
  }

  /** Puts all rows (or the bagged ones) into leaf 0. */
  reset(bag: Uint32Array | null, numRows: number): void {
    if (bag) {
      this.rows.set(bag);
      this.used = bag.length;
    } else {
      for (let i = 0; i < numRows; i++) this.rows[i] = i;
      this.used = numRows;
    }
    this.leafBegin[0] = 0;
    this.leafCount[0] = this.used;
  }

  get numUsedRows(): number {
    return this.used;
  }

  /**
   * Moves the rows of `leaf` whose bin has goesLeft[bin] = 1 to the front of its segment; the
   * others become `newLeaf`. `bins[binBase + row]` is the split feature's bin of a row.
   * Returns the number of rows that went left.
   */
  split(leaf: number, newLeaf: number, bins: Uint8Array | Uint16Array, binBase: number, goesLeft: Uint8Array): number {
    const rows = this.rows;
    const scratch = this.scratch;
    const begin = this.leafBegin[leaf];
    const end = begin + this.leafCount[leaf];
    let left = begin;
    let right = 0;
    // Branch-free: the direction of a row is as unpredictable as a coin, so every row is written
    // to both places and only the counters move. rows[left] is safe to overwrite: left <= i.
    for (let i = begin; i < end; i++) {
      const row = rows[i];
      const goLeft = goesLeft[bins[binBase + row]];
      rows[left] = row;
      scratch[right] = row;
      left += goLeft;
      right += 1 - goLeft;
    }
    rows.set(scratch.subarray(0, right), left);
    const leftCount = left - begin;
    this.leafCount[leaf] = leftCount;
    this.leafBegin[newLeaf] = left;
    this.leafCount[newLeaf] = right;
    return leftCount;
  }
}

import { itemAt } from '@platform/common';
import { TrainingMemory } from './training-memory';

/**
 * Which training rows sit in which leaf, as LightGBM's DataPartition: one array of row ids in
 * which every leaf owns a contiguous segment. Splitting a leaf reorders only its own segment,
 * stably, so rows stay ascending within a leaf (kinder to the caches in the histogram loop).
 * The row ids live in the kernel's memory, which does the splitting.
 */
export class DataPartition {
  readonly rows: Uint32Array;
  private readonly leafBegin: Int32Array;
  private readonly leafCount: Int32Array;
  private used = 0;

  constructor(
    private readonly memory: TrainingMemory,
    maxLeaves: number,
  ) {
    this.rows = memory.rows;
    this.leafBegin = new Int32Array(maxLeaves);
    this.leafCount = new Int32Array(maxLeaves);
  }

  /** Puts all rows (or the bagged ones) into leaf 0. */
  reset(bag: Uint32Array | null): void {
    if (bag) {
      this.rows.set(bag);
      this.used = bag.length;
    } else {
      for (let i = 0; i < this.rows.length; i++) this.rows[i] = i;
      this.used = this.rows.length;
    }
    this.leafBegin[0] = 0;
    this.leafCount[0] = this.used;
  }

  get numUsedRows(): number {
    return this.used;
  }

  /** Where the leaf's segment starts in `rows`. */
  beginOf(leaf: number): number {
    return itemAt(this.leafBegin, leaf);
  }

  /** How many rows the leaf holds. */
  countOf(leaf: number): number {
    return itemAt(this.leafCount, leaf);
  }

  /**
   * Moves the rows of `leaf` whose bin of `feature` has goesLeft[bin] = 1 to the front of its
   * segment; the others become `newLeaf`. Returns the number of rows that went left.
   */
  split(leaf: number, newLeaf: number, feature: number, goesLeft: Uint8Array): number {
    const { memory } = this;
    const { kernel } = memory;
    // Entries past goesLeft.length may hold an earlier split's table: the feature's bins never reach them.
    memory.goesLeft.set(goesLeft);
    const begin = this.beginOf(leaf);
    const end = begin + this.countOf(leaf);
    const beginAt = memory.rowsAt + 4 * begin;
    const endAt = memory.rowsAt + 4 * end;
    const column = memory.columnAt(feature);
    // The kernel returns an address as a signed 32-bit integer: >>> 0 reads it back unsigned.
    const rightAt =
      (memory.binBytes === 1
        ? kernel.split_u8(beginAt, endAt, column, memory.goesLeftAt, memory.scratchAt)
        : kernel.split_u16(beginAt, endAt, column, memory.goesLeftAt, memory.scratchAt)) >>> 0;
    const left = (rightAt - memory.rowsAt) / 4;
    const leftCount = left - begin;
    this.leafCount[leaf] = leftCount;
    this.leafBegin[newLeaf] = left;
    this.leafCount[newLeaf] = end - left;
    return leftCount;
  }
}

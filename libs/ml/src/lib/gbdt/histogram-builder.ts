import { itemAt } from '@platform/common';
import { TrainingMemory } from './training-memory';

/**
 * Gradient histograms: for each feature and bin, the sums of gradients and hessians of a
 * leaf's rows, stored as hist[2 * (binOffsets[f] + bin)] (gradient) and [... + 1] (hessian).
 *
 * This is the hot path of training, so the loops run in the WebAssembly kernel
 * (gbdt-kernel.wat): gradients are first gathered in leaf order ("ordered gradients") so that
 * their reads are sequential, then each pass over the leaf's rows updates eight features.
 */
export class HistogramBuilder {
  private numFeatures = 0;

  constructor(
    private readonly memory: TrainingMemory,
    private readonly binOffsets: Int32Array,
  ) {}

  /** The features (ascending) that the next histograms cover: those the tree may split on. */
  useFeatures(features: Int32Array): void {
    const { memory, binOffsets } = this;
    const plan = memory.plan;
    features.forEach((f, k) => {
      plan[2 * k] = memory.columnAt(f);
      plan[2 * k + 1] = 16 * itemAt(binOffsets, f);
    });
    this.numFeatures = features.length;
  }

  /**
   * Builds the histogram of partition rows [begin, begin + count) into memory.histograms[index]
   * (zeroed here). When `rowsAreAllInOrder` (rows[begin + i] === i for every row of the training
   * set) the gradients are read in place instead of gathered.
   */
  build(begin: number, count: number, index: number, rowsAreAllInOrder = false): void {
    const { memory } = this;
    const { kernel } = memory;
    memory.histogram(index).fill(0);
    const rowsAt = memory.rowsAt + 4 * begin;
    let gradsAt = memory.gradHessAt;
    if (!rowsAreAllInOrder) {
      kernel.gather(rowsAt, count, memory.gradHessAt, memory.orderedAt);
      gradsAt = memory.orderedAt;
    }
    const histogramAt = memory.histogramAt(index);
    if (memory.binBytes === 1) kernel.build_u8(rowsAt, count, gradsAt, memory.planAt, this.numFeatures, histogramAt);
    else kernel.build_u16(rowsAt, count, gradsAt, memory.planAt, this.numFeatures, histogramAt);
  }
}

/** hist -= other over the given features: the sibling's histogram for free. */
export function subtractHistogram(hist: Float64Array, other: Float64Array, binOffsets: Int32Array, features: Int32Array): void {
  for (const f of features) {
    for (let i = itemAt(binOffsets, f) << 1, end = itemAt(binOffsets, f + 1) << 1; i < end; i++) {
      hist[i] = (hist[i] ?? 0) - (other[i] ?? 0);
    }
  }
}

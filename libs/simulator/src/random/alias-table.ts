import type { Random } from './random';

/**
 * Walker/Vose alias tables: a weighted draw in O(1) (two uniforms, one lookup) instead of a
 * binary search, for the draws the generator makes per session and step. Built over contiguous
 * segments (products grouped by category), so one table answers "a product of category c".
 */
export class AliasTable {
  private readonly threshold: Float64Array;
  private readonly alias: Int32Array;

  /** `segments` lists [start, end) ranges of `weights` that are sampled separately (default: one). */
  constructor(weights: ArrayLike<number>, segments: readonly (readonly [number, number])[] = [[0, weights.length]]) {
    this.threshold = new Float64Array(weights.length);
    this.alias = new Int32Array(weights.length);
    for (const [start, end] of segments) this.buildSegment(weights, start, end);
  }

  /** An index in [start, end) drawn in proportion to its weight (the segment must be one given). */
  sample(random: Random, start = 0, end = this.alias.length): number {
    const i = start + Math.floor(random.next() * (end - start));
    return random.next() < (this.threshold[i] ?? 1) ? i : (this.alias[i] ?? i);
  }

  private buildSegment(weights: ArrayLike<number>, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    let total = 0;
    for (let i = start; i < end; i++) total += weights[i] ?? 0;
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let k = 0; k < n; k++) {
      const value = total > 0 ? ((weights[start + k] ?? 0) * n) / total : 1;
      scaled[k] = value;
      (value < 1 ? small : large).push(k);
    }
    while (small.length > 0 && large.length > 0) {
      // Both lists are non-empty here and hold indexes into `scaled`: the defaults never apply.
      const s = small.pop() ?? 0;
      const l = large[large.length - 1] ?? 0;
      const scaledS = scaled[s] ?? 0;
      this.threshold[start + s] = scaledS;
      this.alias[start + s] = start + l;
      const scaledL = (scaled[l] ?? 0) - (1 - scaledS);
      scaled[l] = scaledL;
      if (scaledL < 1) small.push(large.pop() ?? l);
    }
    // What is left is 1 up to rounding: always keep itself.
    for (const k of large) {
      this.threshold[start + k] = 1;
      this.alias[start + k] = start + k;
    }
    for (const k of small) {
      this.threshold[start + k] = 1;
      this.alias[start + k] = start + k;
    }
  }
}

import type { ReferenceHistogram } from '@platform/model-registry';

/** Bins of a numeric reference histogram: deciles of the training values. */
const NUMERIC_BINS = 10;

/**
 * A numeric feature's distribution over training rows (model.json's drift reference): edges at
 * the deciles of the non-missing values (repeated edges merged, so a count feature that is mostly
 * 0 gets fewer bins), bin i holding edges[i-1] < v <= edges[i], and the share of missing values.
 */
export function numericHistogram(values: Float32Array): ReferenceHistogram {
  const present = presentValues(values).sort();
  const total = values.length;
  const missingFraction = total === 0 ? 0 : (total - present.length) / total;
  const edges: number[] = [];
  for (let q = 1; q < NUMERIC_BINS && present.length > 0; q++) {
    const edge = present[Math.min(present.length - 1, Math.floor((q * present.length) / NUMERIC_BINS))] as number;
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (let i = 0; i < present.length; i++) {
    const value = present[i] as number;
    while (bin < edges.length && value > (edges[bin] as number)) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { kind: 'numeric', edges, fractions: counts.map((count) => (total === 0 ? 0 : count / total)), missingFraction };
}

/** The non-missing values, copied (a loop: `filter`'s callback per value costs more than the sort on 500k rows). */
function presentValues(values: Float32Array): Float32Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) count++;
  const present = new Float32Array(count);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isNaN(value)) present[at++] = value;
  }
  return present;
}

/**
 * A categorical feature's distribution over training rows: one share per vocabulary code, then
 * one for values outside the vocabulary, and the share of missing values. `codes` hold the
 * vocabulary code of each row, -1 for a value outside it, NaN for a missing one.
 */
export function categoricalHistogram(codes: ArrayLike<number>, vocabularySize: number): ReferenceHistogram {
  const counts = new Array<number>(vocabularySize + 1).fill(0);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (Number.isNaN(code)) missing++;
    else {
      const slot = code < 0 ? vocabularySize : code;
      counts[slot] = (counts[slot] as number) + 1;
    }
  }
  const total = codes.length;
  return {
    kind: 'categorical',
    fractions: counts.map((count) => (total === 0 ? 0 : count / total)),
    missingFraction: total === 0 ? 0 : missing / total,
  };
}

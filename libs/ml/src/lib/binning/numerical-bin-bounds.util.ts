import { itemAt } from '@platform/common';

/**
 * Upper bounds of at most maxBin quantile bins over sorted, NaN-free float32 sample values,
 * greedy in the manner of LightGBM's GreedyFindBin: a value frequent enough to fill a bin on its
 * own gets one, the rest are grouped into bins of roughly equal counts.
 */
export function findNumericalUpperBounds(sorted: Float32Array, maxBin: number, minDataInBin: number): Float32Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    const v = sorted[i] ?? NaN;
    let end = i + 1;
    while (end < sorted.length && sorted[end] === v) end++;
    distinct.push(v);
    counts.push(end - i);
    i = end;
  }
  const n = distinct.length;
  if (n <= 1) {
    return Float32Array.of(Infinity);
  }
  const cuts: number[] = []; // index i: a bin ends after distinct[i]
  if (n <= maxBin) {
    for (let i = 0; i < n - 1; i++) cuts.push(i);
  } else {
    greedyCuts(counts, sorted.length, maxBin, minDataInBin, cuts);
  }
  const bounds = new Float32Array(cuts.length + 1);
  cuts.forEach((cut, k) => (bounds[k] = float32Between(itemAt(distinct, cut), itemAt(distinct, cut + 1))));
  bounds[cuts.length] = Infinity;
  return bounds;
}

function greedyCuts(counts: readonly number[], total: number, maxBin: number, minDataInBin: number, cuts: number[]): void {
  const n = counts.length;
  let meanBinSize = total / maxBin;
  const isBig = counts.map((c) => c >= meanBinSize);
  let restBins = maxBin - isBig.filter(Boolean).length;
  let restCount = total - counts.reduce((sum, c, i) => (isBig[i] ? sum + c : sum), 0);
  meanBinSize = restBins > 0 ? restCount / restBins : Infinity;
  let inBin = 0;
  for (let i = 0; i < n - 1 && cuts.length < maxBin - 1; i++) {
    const count = counts[i] ?? 0;
    if (!isBig[i]) restCount -= count;
    inBin += count;
    const cut =
      isBig[i] ||
      inBin >= meanBinSize ||
      (isBig[i + 1] && inBin >= Math.max(1, meanBinSize * 0.5));
    if (cut && inBin >= minDataInBin) {
      cuts.push(i);
      inBin = 0;
      if (!isBig[i]) {
        restBins--;
        meanBinSize = restBins > 0 ? restCount / restBins : Infinity;
      }
    }
  }
}

/**
 * A float32 threshold t with a <= t < b for float32 values a < b: the midpoint when float32 can
 * hold it strictly below b, else a itself. The midpoint generalises better for unseen values;
 * the fallback keeps routing exact when a and b are adjacent float32 numbers.
 */
export function float32Between(a: number, b: number): number {
  if (a === -Infinity) {
    return nextFloat32Down(b);
  }
  const mid = Math.fround(a / 2 + b / 2);
  return mid >= a && mid < b ? mid : a;
}

function nextFloat32Down(b: number): number {
  const buffer = new Float32Array(1);
  const bits = new Uint32Array(buffer.buffer);
  buffer[0] = b;
  if (b > 0) bits[0] = itemAt(bits, 0) - 1;
  else if (b < 0) bits[0] = itemAt(bits, 0) + 1;
  else return -1.401298464324817e-45;
  return itemAt(buffer, 0);
}

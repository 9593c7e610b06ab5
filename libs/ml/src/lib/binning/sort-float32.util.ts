/**
 * Ascending sort of NaN-free float32 values by LSD radix sort on their bit patterns (three
 * 11-bit passes): about 3x faster than TypedArray.prototype.sort, which matters when placing
 * bin bounds of many features over a 200,000-row sample. -0 sorts just before +0.
 */
export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  let source = new Uint32Array(Float32Array.from(values).buffer);
  let target = new Uint32Array(n);
  // Map float bits to unsigned integers of the same order: flip all bits of negatives,
  // only the sign bit of positives.
  for (let i = 0; i < n; i++) {
    const bits = source[i] ?? 0;
    source[i] = bits & 0x80000000 ? ~bits : bits | 0x80000000;
  }
  const counts = new Uint32Array(2049);
  for (let shift = 0; shift < 32; shift += 11) {
    counts.fill(0);
    // (The `?? 0` defaults are for the type checker: every index is in range by construction.)
    for (let i = 0; i < n; i++) {
      const digit = (((source[i] ?? 0) >>> shift) & 2047) + 1;
      counts[digit] = (counts[digit] ?? 0) + 1;
    }
    for (let d = 0; d < 2048; d++) counts[d + 1] = (counts[d + 1] ?? 0) + (counts[d] ?? 0);
    for (let i = 0; i < n; i++) {
      const key = source[i] ?? 0;
      const digit = (key >>> shift) & 2047;
      const at = counts[digit] ?? 0;
      counts[digit] = at + 1;
      target[at] = key;
    }
    [source, target] = [target, source];
  }
  for (let i = 0; i < n; i++) {
    const key = source[i] ?? 0;
    source[i] = key & 0x80000000 ? key & 0x7fffffff : ~key;
  }
  return new Float32Array(source.buffer);
}

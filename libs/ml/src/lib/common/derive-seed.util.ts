// Math functions hoisted: a global lookup in a hot loop is slow inside jest's vm contexts.
const { imul } = Math;

/**
 * Mixes a seed with stream identifiers (tree number, trial id...) into an independent 32-bit
 * seed. Each boosting round draws from its own derived stream, so training resumed at round k
 * samples exactly what an uninterrupted run would have sampled.
 */
export function deriveSeed(seed: number, ...streams: readonly number[]): number {
  let h = (seed ^ 0x5bd1e995) >>> 0;
  for (const stream of streams) {
    h = imul(h ^ (stream >>> 0), 0xcc9e2d51);
    h = ((h << 15) | (h >>> 17)) >>> 0;
    h = (imul(h, 0x1b873593) + 0xe6546b64) >>> 0;
  }
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

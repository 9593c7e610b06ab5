import { deriveSeed } from '../common/derive-seed.util';
import { itemAt } from '@platform/common';
import { SeededRandom } from '../common/seeded-random';
import { GbdtParams } from './gbdt-params.types';

const BAGGING_STREAM = 1;
const FEATURE_STREAM = 2;

/**
 * In-bag rows for boosting round `round`, or null when bagging is off. A bag is redrawn every
 * baggingFreq rounds from a stream derived from (seed, first round of the bag), so a run resumed
 * mid-way draws the same bags as an uninterrupted one.
 */
export function baggedRows(params: GbdtParams, round: number, numRows: number): Uint32Array | null {
  if (params.baggingFreq <= 0 || params.baggingFraction >= 1) return null;
  const bagRound = round - (round % params.baggingFreq);
  const random = new SeededRandom(deriveSeed(params.seed, BAGGING_STREAM, bagRound));
  const rows = new Uint32Array(numRows);
  let n = 0;
  for (let r = 0; r < numRows; r++) {
    if (random.next() < params.baggingFraction) rows[n++] = r;
  }
  return rows.slice(0, n);
}

/** Features a tree may split on: a seeded draw of featureFraction of the useful features. */
export function sampledFeatures(params: GbdtParams, round: number, usable: readonly number[]): Int32Array {
  if (params.featureFraction >= 1 || usable.length <= 1) return Int32Array.from(usable);
  const count = Math.max(1, Math.round(usable.length * params.featureFraction));
  const random = new SeededRandom(deriveSeed(params.seed, FEATURE_STREAM, round));
  const pool = [...usable];
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(pool.length - i);
    [pool[i], pool[j]] = [itemAt(pool, j), itemAt(pool, i)];
  }
  return Int32Array.from(pool.slice(0, count).sort((a, b) => a - b));
}

import { itemAt } from '@platform/common';
import { Random } from './random';

describe('Random', () => {
  it('matches the reference xoshiro128** output for state (1, 2, 3, 4)', () => {
    // From the authors' C code (xoshiro128starstar.c) compiled and run with s = {1, 2, 3, 4}.
    const random = new Random(0, [1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => random.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 5 }, () => random.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws uniforms, normals, gammas and weighted indices with the right moments', () => {
    const random = new Random(7);
    const n = 200_000;
    let sum = 0;
    let normalSum = 0;
    let normalSquares = 0;
    let gammaSum = 0;
    for (let i = 0; i < n; i++) {
      sum += random.next();
      const z = random.normal();
      normalSum += z;
      normalSquares += z * z;
      gammaSum += random.gamma(2.5);
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(normalSum / n).toBeCloseTo(0, 1);
    expect(normalSquares / n).toBeCloseTo(1, 1);
    expect(gammaSum / n).toBeCloseTo(2.5, 1);

    const cumulative = new Float64Array([1, 3, 3, 7]); // weights 1, 2, 0, 4
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 70_000; i++) tally(counts, random.weighted(cumulative));
    expect(counts[2]).toBe(0);
    expect(itemAt(counts, 1) / itemAt(counts, 0)).toBeCloseTo(2, 0);
    expect(itemAt(counts, 3) / itemAt(counts, 0)).toBeCloseTo(4, 0);
    // A sub-range draws only inside it.
    const inRange = new Set(Array.from({ length: 1000 }, () => random.weighted(cumulative, 1, 3)));
    expect([...inRange]).toEqual([1]);
  });
});

/** Counts one draw of `index`, which must be one of the tallied outcomes. */
function tally(counts: number[], index: number): void {
  counts[index] = itemAt(counts, index) + 1;
}

import { itemAt } from '@platform/common';
import { AliasTable } from './alias-table';
import { Random } from './random';

describe('AliasTable', () => {
  it('draws in proportion to the weights and never draws a zero weight', () => {
    const table = new AliasTable([1, 2, 0, 4, 3]);
    const random = new Random(3);
    const counts = [0, 0, 0, 0, 0];
    const n = 100_000;
    for (let i = 0; i < n; i++) tally(counts, table.sample(random));
    expect(counts[2]).toBe(0);
    [1, 2, 0, 4, 3].forEach((weight, i) => expect(itemAt(counts, i) / n).toBeCloseTo(weight / 10, 2));
  });

  it('keeps segments apart', () => {
    const table = new AliasTable([5, 1, 1, 1, 9], [
      [0, 2],
      [2, 5],
    ]);
    const random = new Random(4);
    const first = [0, 0];
    let strays = 0;
    for (let i = 0; i < 60_000; i++) {
      const a = table.sample(random, 0, 2);
      const b = table.sample(random, 2, 5);
      if (a >= 2 || b < 2) strays += 1;
      else tally(first, a);
    }
    expect(strays).toBe(0);
    expect(itemAt(first, 0) / itemAt(first, 1)).toBeCloseTo(5, 0);
  });
});

/** Counts one draw of `index`, which must be one of the tallied outcomes. */
function tally(counts: number[], index: number): void {
  counts[index] = itemAt(counts, index) + 1;
}

import { AliasTable } from './alias-table';
import { Random } from './random';

describe('AliasTable', () => {
  it('draws in proportion to the weights and never draws a zero weight', () => {
    const table = new AliasTable([1, 2, 0, 4, 3]);
    const random = new Random(3);
    const counts = [0, 0, 0, 0, 0];
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[table.sample(random)] += 1;
    expect(counts[2]).toBe(0);
    [1, 2, 0, 4, 3].forEach((weight, i) => expect(counts[i] / n).toBeCloseTo(weight / 10, 2));
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
      else first[a] += 1;
    }
    expect(strays).toBe(0);
    expect(first[0] / first[1]).toBeCloseTo(5, 0);
  });
});

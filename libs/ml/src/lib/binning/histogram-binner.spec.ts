import { itemAt } from '@platform/common';
import { SeededRandom } from '../common/seeded-random';
import { createDataset } from '../dataset/create-dataset.util';
import { HistogramBinner } from './histogram-binner';
import { float32Between } from './numerical-bin-bounds.util';

function dataset(numRows: number, seed: number) {
  const random = new SeededRandom(seed);
  const values = new Float64Array(numRows * 3);
  for (let r = 0; r < numRows; r++) {
    // Feature 0: continuous with NaN; 1: few repeated values incl. adjacent float32 numbers; 2: codes.
    values[r * 3] = random.next() < 0.1 ? NaN : random.nextNormal() * 1000;
    values[r * 3 + 1] = itemAt([1, Math.fround(1 + 2 ** -23), 2, -0, 0, 1e-30], random.nextInt(6));
    values[r * 3 + 2] = itemAt([5, 9, 9, 9, 12, 40], random.nextInt(6));
  }
  return createDataset({ values, featureNames: ['a', 'b', 'c'], categoricalFeatures: [2] });
}

describe('HistogramBinner', () => {
  it('puts x in a bin <= b exactly when float32(x) <= upperBounds[b]', () => {
    const data = dataset(20_000, 1);
    const binned = new HistogramBinner({ maxBin: 32, sampleSize: 5000 }).fitTransform(data);
    for (const f of [0, 1]) {
      const bins = itemAt(binned.featureBins, f);
      if (bins.kind !== 'numerical') throw new Error('expected numerical');
      expect(bins.numBins).toBeLessThanOrEqual(33);
      let mismatches = 0;
      for (let r = 0; r < data.numRows; r++) {
        const x = Math.fround(itemAt(data.values, r * 3 + f));
        const bin = itemAt(binned.bins, f * data.numRows + r);
        if (Number.isNaN(x)) {
          if (bin !== bins.missingBin) mismatches++;
          continue;
        }
        bins.upperBounds.forEach((bound, b) => {
          if (bin <= b !== x <= bound) mismatches++;
        });
      }
      expect(mismatches).toBe(0);
    }
  });

  it('gives adjacent float32 values their own bins when there is room', () => {
    const binned = new HistogramBinner({ maxBin: 255 }).fitTransform(dataset(2000, 2));
    const bins = itemAt(binned.featureBins, 1);
    expect(bins.kind === 'numerical' && bins.numBins).toBe(5); // -0 and 0 are one value
  });

  it('bins categories by frequency with an other bin for the rare ones', () => {
    const binned = new HistogramBinner({ maxBin: 3 }).fitTransform(dataset(3000, 3));
    const bins = binned.featureBins[2];
    expect(bins).toMatchObject({ kind: 'categorical', categories: [9, 5], otherBin: 2, missingBin: -1, numBins: 3 });
  });

  it('rejects categorical values that are not codes', () => {
    const bad = createDataset({ values: Float64Array.from([1.5, 2]), featureNames: ['c'], categoricalFeatures: [0] });
    expect(() => new HistogramBinner().fit(bad)).toThrow(/integers/);
  });

  it('chooses float32 thresholds between neighbours', () => {
    const a = Math.fround(1);
    const b = Math.fround(1 + 2 ** -23);
    expect(float32Between(a, b)).toBe(a);
    expect(float32Between(1, 3)).toBe(2);
    const t = float32Between(-Infinity, 5);
    expect(t).toBeLessThan(5);
    expect(Math.fround(t)).toBe(t);
  });
});

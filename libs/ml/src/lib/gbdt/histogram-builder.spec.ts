import { BinnedDataset } from '../binning/binned-dataset.types';
import { itemAt } from '@platform/common';
import { SeededRandom } from '../common/seeded-random';
import { DataPartition } from './data-partition';
import { HistogramBuilder } from './histogram-builder';
import { TrainingMemory } from './training-memory';

const NUM_ROWS = 1000;

/** Random bins: eleven features so that both the eight-feature and the one-feature loops run. */
function binnedDataset(random: SeededRandom, numBins: readonly number[], wide: boolean): BinnedDataset {
  const numFeatures = numBins.length;
  const binOffsets = Int32Array.of(0, ...numBins.map((_, f) => numBins.slice(0, f + 1).reduce((a, b) => a + b)));
  const bins = wide ? new Uint16Array(NUM_ROWS * numFeatures) : new Uint8Array(NUM_ROWS * numFeatures);
  numBins.forEach((n, f) => bins.subarray(f * NUM_ROWS, (f + 1) * NUM_ROWS).forEach((_, r, column) => (column[r] = random.nextInt(n))));
  return {
    numRows: NUM_ROWS,
    numFeatures,
    featureNames: numBins.map((_, f) => `x${f}`),
    categoricalFeatures: [],
    featureBins: numBins.map((n) => ({ kind: 'numerical', numBins: n, upperBounds: new Float32Array(n).fill(Infinity), missingBin: -1 })),
    bins,
    binOffsets,
  };
}

/** The definition, summed in the same order as the kernel: float64 sums of float32 values. */
function referenceHistogram(binned: BinnedDataset, gradHess: Float32Array, rows: Uint32Array, features: Int32Array): Float64Array {
  const { binOffsets, bins, numFeatures } = binned;
  const hist = new Float64Array(2 * itemAt(binOffsets, numFeatures));
  for (const f of features) {
    for (const r of rows) {
      const slot = 2 * (itemAt(binOffsets, f) + itemAt(bins, f * NUM_ROWS + r));
      hist[slot] = itemAt(hist, slot) + itemAt(gradHess, 2 * r);
      hist[slot + 1] = itemAt(hist, slot + 1) + itemAt(gradHess, 2 * r + 1);
    }
  }
  return hist;
}

describe.each([
  ['one-byte', [255, 2, 17, 256, 3, 100, 9, 64, 31, 5, 200], false],
  ['two-byte', [300, 2, 1000, 7], true],
] as const)('HistogramBuilder with %s bins', (_name, numBins, wide) => {
  const random = new SeededRandom(7);
  const binned = binnedDataset(random, numBins, wide);
  const memory = new TrainingMemory(binned, 2);
  for (let i = 0; i < memory.gradHess.length; i += 2) {
    memory.gradHess[i] = random.nextNormal();
    memory.gradHess[i + 1] = random.next() * 0.25 + 1e-3;
  }
  const builder = new HistogramBuilder(memory, binned.binOffsets);
  const partition = new DataPartition(memory, 2);

  it('sums every row in order, gradients read in place', () => {
    const features = Int32Array.from(numBins.keys());
    builder.useFeatures(features);
    partition.reset(null);
    builder.build(0, NUM_ROWS, 0, true);
    expect(memory.histogram(0)).toEqual(referenceHistogram(binned, memory.gradHess, memory.rows, features));
  });

  it('sums one leaf of a split partition over some features, gradients gathered', () => {
    const features = Int32Array.from(numBins.keys()).filter((f) => f % 3 !== 1);
    builder.useFeatures(features);
    partition.reset(null);
    const goesLeft = new Uint8Array(itemAt(numBins, 0) + 1).map(() => (random.next() < 0.3 ? 1 : 0));
    const leftCount = partition.split(0, 1, 0, goesLeft);
    builder.build(leftCount, NUM_ROWS - leftCount, 1);
    const rightRows = memory.rows.slice(leftCount);
    expect(rightRows.every((r) => goesLeft[itemAt(binned.bins, r)] === 0)).toBe(true);
    expect(memory.histogram(1)).toEqual(referenceHistogram(binned, memory.gradHess, rightRows, features));
  });
});

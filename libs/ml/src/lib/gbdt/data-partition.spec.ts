import { BinnedDataset } from '../binning/binned-dataset.types';
import { DataPartition } from './data-partition';
import { TrainingMemory } from './training-memory';

/** One numerical feature whose bins are `bins`, in the kernel's memory. */
function memoryFor(bins: Uint8Array | Uint16Array, numBins: number): TrainingMemory {
  const binned: BinnedDataset = {
    numRows: bins.length,
    numFeatures: 1,
    featureNames: ['x'],
    categoricalFeatures: [],
    featureBins: [{ kind: 'numerical', numBins, upperBounds: new Float32Array(numBins).fill(Infinity), missingBin: -1 }],
    bins,
    binOffsets: Int32Array.of(0, numBins),
  };
  return new TrainingMemory(binned, 3);
}

describe('DataPartition', () => {
  it('splits a leaf stably into left and right segments', () => {
    const partition = new DataPartition(memoryFor(Uint8Array.from([0, 2, 1, 2, 0, 1, 2, 0]), 3), 3);
    partition.reset(null);
    const leftCount = partition.split(0, 1, 0, Uint8Array.from([1, 1, 0]));
    expect(leftCount).toBe(5);
    expect(Array.from(partition.rows)).toEqual([0, 2, 4, 5, 7, 1, 3, 6]);
    expect([partition.beginOf(1), partition.countOf(1)]).toEqual([5, 3]);
    partition.split(1, 2, 0, Uint8Array.from([0, 0, 1]));
    expect(partition.countOf(1)).toBe(3);
    expect(partition.countOf(2)).toBe(0);
  });

  it('holds only the bagged rows', () => {
    const partition = new DataPartition(memoryFor(Uint8Array.from([9, 0, 9, 9, 1, 0]), 10), 2);
    partition.reset(Uint32Array.from([1, 4, 5]));
    expect(partition.numUsedRows).toBe(3);
    partition.split(0, 1, 0, Uint8Array.from([1, 0]));
    expect(Array.from(partition.rows.subarray(0, 3))).toEqual([1, 5, 4]);
  });

  it('reads two-byte bins', () => {
    const partition = new DataPartition(memoryFor(Uint16Array.from([300, 2, 299, 300]), 301), 2);
    partition.reset(null);
    const goesLeft = new Uint8Array(302);
    goesLeft[300] = 1;
    expect(partition.split(0, 1, 0, goesLeft)).toBe(2);
    expect(Array.from(partition.rows)).toEqual([0, 3, 1, 2]);
  });
});

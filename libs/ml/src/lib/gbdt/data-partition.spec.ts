import { DataPartition } from './data-partition';

describe('DataPartition', () => {
  it('splits a leaf stably into left and right segments', () => {
    const bins = Uint8Array.from([0, 2, 1, 2, 0, 1, 2, 0]);
    const partition = new DataPartition(8, 3);
    partition.reset(null, 8);
    const leftCount = partition.split(0, 1, bins, 0, Uint8Array.from([1, 1, 0]));
    expect(leftCount).toBe(5);
    expect(Array.from(partition.rows)).toEqual([0, 2, 4, 5, 7, 1, 3, 6]);
    expect([partition.leafBegin[1], partition.leafCount[1]]).toEqual([5, 3]);
    partition.split(1, 2, bins, 0, Uint8Array.from([0, 0, 1]));
    expect(partition.leafCount[1]).toBe(3);
    expect(partition.leafCount[2]).toBe(0);
  });

  it('holds only the bagged rows', () => {
    const partition = new DataPartition(6, 2);
    partition.reset(Uint32Array.from([1, 4, 5]), 6);
    expect(partition.numUsedRows).toBe(3);
    partition.split(0, 1, Uint8Array.from([9, 0, 9, 9, 1, 0]), 0, Uint8Array.from([1, 0]));
    expect(Array.from(partition.rows.subarray(0, 3))).toEqual([1, 5, 4]);
  });
});

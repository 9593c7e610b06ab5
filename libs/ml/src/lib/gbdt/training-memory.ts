import { BinnedDataset } from '../binning/binned-dataset.types';
import { itemAt } from '@platform/common';
import { GbdtKernel, instantiateGbdtKernel } from './gbdt-kernel';

/**
 * Everything the WebAssembly kernel touches while training on one binned dataset, in one
 * memory laid out once: a copy of the bins, the gradients, the row partition and one histogram
 * per leaf. The typed arrays below are views on that memory, so TypeScript and the kernel share
 * the data without copies; the `...At` fields are the same regions as byte addresses.
 */
export class TrainingMemory {
  readonly kernel: GbdtKernel;
  /** Bytes per bin code: 1, or 2 when some feature has more than 256 bins. */
  readonly binBytes: 1 | 2;
  /** The training set's bins, feature-major as in BinnedDataset. */
  readonly bins: Uint8Array | Uint16Array;
  /** (gradient, hessian) of every training row, interleaved. */
  readonly gradHess: Float32Array;
  /** Raw score (log-odds) of every training row. */
  readonly scores: Float64Array;
  /** Row ids of the partition: every leaf owns a contiguous segment. */
  readonly rows: Uint32Array;
  /** The split being applied: 1 for each bin of its feature that goes left. */
  readonly goesLeft: Uint8Array;
  /** Per histogram feature: (column address, byte offset of its first bin in a histogram). */
  readonly plan: Int32Array;
  /** Histogram i: (gradient sum, hessian sum) per bin, features at their binOffsets. */
  readonly histograms: readonly Float64Array[];

  readonly binsAt: number;
  readonly gradHessAt: number;
  readonly scoresAt: number;
  /** Gradients gathered in partition order for one leaf (2 float32 per row). */
  readonly orderedAt: number;
  readonly rowsAt: number;
  /** Room for the rows of a leaf's right side while it is split. */
  readonly scratchAt: number;
  readonly goesLeftAt: number;
  readonly planAt: number;
  private readonly histogramsAt: number;
  private readonly histogramBytes: number;
  private readonly numRows: number;

  constructor(binned: BinnedDataset, numHistograms: number) {
    const { numRows, numFeatures, binOffsets } = binned;
    this.numRows = numRows;
    this.binBytes = binned.bins instanceof Uint16Array ? 2 : 1;
    const maxBins = Math.max(0, ...binned.featureBins.map((bins) => bins.numBins));
    const histogramLength = 2 * itemAt(binOffsets, numFeatures);
    this.histogramBytes = 8 * histogramLength;

    let end = 0;
    const region = (bytes: number): number => {
      const at = end;
      end += Math.ceil(bytes / 8) * 8;
      return at;
    };
    this.binsAt = region(numRows * numFeatures * this.binBytes);
    this.gradHessAt = region(8 * numRows);
    this.scoresAt = region(8 * numRows);
    this.orderedAt = region(8 * numRows);
    this.rowsAt = region(4 * numRows);
    this.scratchAt = region(4 * numRows);
    this.goesLeftAt = region(maxBins + 1);
    this.planAt = region(8 * numFeatures);
    this.histogramsAt = region(numHistograms * this.histogramBytes);

    const { kernel, buffer } = instantiateGbdtKernel(end);
    this.kernel = kernel;
    this.bins =
      this.binBytes === 2 ? new Uint16Array(buffer, this.binsAt, numRows * numFeatures) : new Uint8Array(buffer, this.binsAt, numRows * numFeatures);
    this.bins.set(binned.bins);
    this.gradHess = new Float32Array(buffer, this.gradHessAt, 2 * numRows);
    this.scores = new Float64Array(buffer, this.scoresAt, numRows);
    this.rows = new Uint32Array(buffer, this.rowsAt, numRows);
    this.goesLeft = new Uint8Array(buffer, this.goesLeftAt, maxBins + 1);
    this.plan = new Int32Array(buffer, this.planAt, 2 * numFeatures);
    this.histograms = Array.from(
      { length: numHistograms },
      (_, i) => new Float64Array(buffer, this.histogramAt(i), histogramLength),
    );
  }

  histogram(index: number): Float64Array {
    return itemAt(this.histograms, index);
  }

  histogramAt(index: number): number {
    return this.histogramsAt + index * this.histogramBytes;
  }

  /** Address of feature f's bin column. */
  columnAt(feature: number): number {
    return this.binsAt + feature * this.numRows * this.binBytes;
  }
}

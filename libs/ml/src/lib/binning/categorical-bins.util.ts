import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { CategoricalFeatureBins } from './feature-bins.types';

/** Largest code float32 holds exactly; ONNX compares categories as float32. */
const MAX_CATEGORY_CODE = 16777215;

/**
 * Vocabulary bins of one categorical column: the most frequent codes get their own bin (up to
 * maxBin - 1 of them), the rest share an "other" bin, NaN gets the missing bin.
 */
export function fitCategoricalBins(column: Float32Array, maxBin: number, featureName: string): CategoricalFeatureBins {
  const counts = new Map<number, number>();
  let missing = 0;
  for (let r = 0; r < column.length; r++) {
    const code = column[r] ?? NaN;
    if (code !== code) {
      missing++;
      continue;
    }
    if (!Number.isInteger(code) || code < 0 || code > MAX_CATEGORY_CODE) {
      throw new MlException(
        MlErrorCode.InvalidDataset,
        `categorical feature ${featureName} has value ${code} at row ${r}; codes must be integers in [0, ${MAX_CATEGORY_CODE}]`,
        { featureName, row: r, value: code },
      );
    }
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const kept = ranked.slice(0, Math.max(1, maxBin - 1)).map(([code]) => code);
  let numBins = kept.length;
  const otherBin = ranked.length > kept.length ? numBins++ : -1;
  const missingBin = missing > 0 ? numBins++ : -1;
  return { kind: 'categorical', numBins: Math.max(numBins, 1), categories: kept, otherBin, missingBin };
}

/** Bin code of every row for categorical bins fitted on the same feature. */
export function assignCategoricalBins(
  column: Float32Array,
  bins: CategoricalFeatureBins,
  out: Uint8Array | Uint16Array,
  outOffset: number,
): void {
  const binOfCode = new Map<number, number>();
  bins.categories.forEach((code, bin) => binOfCode.set(code, bin));
  // Unseen codes cannot occur on the data the bins were fitted on, but can on other data
  // binned with them (a validation set): they behave as "other", i.e. never in a category set.
  const unseen = bins.otherBin >= 0 ? bins.otherBin : bins.numBins;
  const missing = bins.missingBin >= 0 ? bins.missingBin : unseen;
  for (let r = 0; r < column.length; r++) {
    const code = column[r] ?? NaN;
    out[outOffset + r] = code !== code ? missing : (binOfCode.get(code) ?? unseen);
  }
}

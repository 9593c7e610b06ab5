import { FeatureName, FeatureRow } from '@platform/features';
import { ReferenceHistogram } from '@platform/model-registry';

/** One feature's bins as its reference histogram defines them, the missing values' bin last. */
export interface FeatureBins {
  feature: FeatureName;
  /** Reference fractions per bin (`fractions` then `missingFraction`). */
  expected: Float64Array;
  binOf(row: FeatureRow): number;
}

/**
 * Bins a feature the way model.json's histogram does (libs/model-registry `ReferenceHistogram`):
 * numeric bin i holds edges[i-1] < v <= edges[i]; categorical bins are vocabulary codes, then
 * "outside the vocabulary"; missing values (NaN, null) have the last bin. Null when the histogram
 * does not fit its own definition (then that feature is not watched).
 */
export function featureBinsOf(feature: FeatureName, histogram: ReferenceHistogram, vocabulary: readonly string[] | undefined): FeatureBins | null {
  const expected = Float64Array.from([...histogram.fractions, histogram.missingFraction]);
  const missing = histogram.fractions.length;
  if (histogram.kind === 'numeric') {
    const edges = Float64Array.from(histogram.edges);
    if (histogram.fractions.length !== edges.length + 1) return null;
    return {
      feature,
      expected,
      binOf(row) {
        const value = row[feature] as number;
        if (Number.isNaN(value)) return missing;
        let low = 0;
        let high = edges.length;
        while (low < high) {
          const mid = (low + high) >>> 1;
          if (value <= (edges[mid] as number)) high = mid;
          else low = mid + 1;
        }
        return low;
      },
    };
  }
  if (!vocabulary || histogram.fractions.length !== vocabulary.length + 1) return null;
  const codes = new Map(vocabulary.map((value, code) => [value, code]));
  return {
    feature,
    expected,
    binOf(row) {
      const value = row[feature] as string | null;
      return value === null ? missing : (codes.get(value) ?? vocabulary.length);
    },
  };
}

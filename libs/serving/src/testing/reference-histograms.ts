import { CATEGORICAL_FEATURES, FeatureName, FeatureRow, FeatureSchema } from '@platform/features';
import { ReferenceHistogram } from '@platform/model-registry';

/**
 * model.json's drift references for test models: numeric features cut at (up to) nine deciles of
 * the rows, categorical ones by vocabulary code. The trainer computes its own (libs/training);
 * this only has to follow the manifest's definition of the bins.
 */
export function referenceHistogramsOf(rows: readonly FeatureRow[], schema: FeatureSchema): Record<string, ReferenceHistogram> {
  const histograms: Record<string, ReferenceHistogram> = {};
  for (const name of schema.featureNames) {
    histograms[name] = CATEGORICAL_FEATURES.includes(name) ? categorical(rows, name, schema.vocabularies[name] ?? []) : numeric(rows, name);
  }
  return histograms;
}

function numeric(rows: readonly FeatureRow[], name: FeatureName): ReferenceHistogram {
  const values = rows.map((row) => row[name] as number).filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  const edges = [...new Set([1, 2, 3, 4, 5, 6, 7, 8, 9].map((decile) => values[Math.floor((decile / 10) * (values.length - 1))] as number))].filter(
    (edge) => edge !== undefined,
  );
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) {
    const found = edges.findIndex((edge) => value <= edge);
    const bin = found === -1 ? edges.length : found;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { kind: 'numeric', edges, fractions: counts.map((n) => n / rows.length), missingFraction: (rows.length - values.length) / rows.length };
}

function categorical(rows: readonly FeatureRow[], name: FeatureName, vocabulary: readonly string[]): ReferenceHistogram {
  const codes = new Map(vocabulary.map((value, code) => [value, code]));
  const counts = new Array<number>(vocabulary.length + 1).fill(0);
  let missing = 0;
  for (const row of rows) {
    const value = row[name] as string | null;
    if (value === null) missing++;
    else {
      const bin = codes.get(value) ?? vocabulary.length;
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
  }
  return { kind: 'categorical', fractions: counts.map((n) => n / rows.length), missingFraction: missing / rows.length };
}

import { CATEGORICAL_FEATURES, FeatureName, FeatureRow } from './feature-vector';

/** What a model stores about its inputs: names in order, and a vocabulary per categorical feature. */
export interface FeatureSchema {
  featureNames: FeatureName[];
  /** Category value → code is its index here; values not in it encode as missing (NaN). */
  vocabularies: Partial<Record<FeatureName, string[]>>;
}

/** Vocabularies from training rows: values seen at least `minCount` times, most frequent first. */
export function buildFeatureSchema(
  rows: Iterable<FeatureRow>,
  featureNames: readonly FeatureName[],
  minCount = 1,
  maxSize = 254,
): FeatureSchema {
  const counts = new Map<FeatureName, Map<string, number>>();
  const categorical = featureNames.filter((name) => CATEGORICAL_FEATURES.includes(name));
  for (const name of categorical) counts.set(name, new Map());
  for (const row of rows) {
    for (const name of categorical) {
      const value = row[name] as string | null;
      if (value === null) continue;
      const seen = counts.get(name) as Map<string, number>;
      seen.set(value, (seen.get(value) ?? 0) + 1);
    }
  }
  const vocabularies: FeatureSchema['vocabularies'] = {};
  for (const [name, seen] of counts) {
    vocabularies[name] = [...seen]
      .filter(([, n]) => n >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxSize)
      .map(([value]) => value);
  }
  return { featureNames: [...featureNames], vocabularies };
}

/** Rows → a row-major Float32Array in the schema's order, categories as vocabulary codes. */
export function encodeRows(rows: readonly FeatureRow[], schema: FeatureSchema): Float32Array {
  const width = schema.featureNames.length;
  const out = new Float32Array(rows.length * width);
  const lookups = schema.featureNames.map((name) => {
    const vocabulary = schema.vocabularies[name];
    return vocabulary ? new Map(vocabulary.map((value, code) => [value, code])) : undefined;
  });
  rows.forEach((row, r) => {
    schema.featureNames.forEach((name, f) => {
      const value = row[name];
      const lookup = lookups[f];
      out[r * width + f] = lookup
        ? (value === null ? NaN : (lookup.get(value as string) ?? NaN))
        : (value as number);
    });
  });
  return out;
}

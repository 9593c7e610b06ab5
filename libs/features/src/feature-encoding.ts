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
  for (const [name, seen] of counts) vocabularies[name] = vocabularyFromCounts(seen, minCount, maxSize);
  return { featureNames: [...featureNames], vocabularies };
}

/** The vocabulary rule: values seen at least `minCount` times, most frequent first (ties by value), at most `maxSize`. */
export function vocabularyFromCounts(counts: ReadonlyMap<string, number>, minCount = 1, maxSize = 254): string[] {
  return [...counts]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxSize)
    .map(([value]) => value);
}

/** Rows → a row-major Float32Array in the schema's order, categories as vocabulary codes. */
export function encodeRows(rows: readonly FeatureRow[], schema: FeatureSchema): Float32Array {
  const encoder = createRowEncoder(schema);
  const out = new Float32Array(rows.length * encoder.width);
  rows.forEach((row, r) => encoder.encodeInto(row, out, r * encoder.width));
  return out;
}

/** `encodeRows` with the vocabulary lookups built once, for callers that encode many batches (serving). */
export interface RowEncoder {
  /** Values per row: the schema's feature count. */
  readonly width: number;
  /** Writes one row's `width` values at `offset`. */
  encodeInto(row: FeatureRow, out: Float32Array, offset: number): void;
}

export function createRowEncoder(schema: FeatureSchema): RowEncoder {
  const names = schema.featureNames;
  const lookups = names.map((name) => {
    const vocabulary = schema.vocabularies[name];
    return vocabulary ? new Map(vocabulary.map((value, code) => [value, code])) : undefined;
  });
  return {
    width: names.length,
    encodeInto(row, out, offset) {
      for (let f = 0; f < names.length; f++) {
        const value = row[names[f] as FeatureName];
        const lookup = lookups[f];
        out[offset + f] = lookup ? (value === null ? NaN : (lookup.get(value as string) ?? NaN)) : (value as number);
      }
    },
  };
}

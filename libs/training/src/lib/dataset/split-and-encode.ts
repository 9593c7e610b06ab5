import { CATEGORICAL_FEATURES, ExampleMode, FEATURE_NAMES, FeatureName, vocabularyFromCounts } from '@platform/features';
import { createDataset, Dataset, LabeledDataset } from '@platform/ml';
import type { ReferenceHistogram } from '@platform/model-registry';
import { ExampleTable } from './example-table';
import { categoricalHistogram, numericHistogram } from './reference-histograms';
import { EncodingSchema, SplitName, SplitSummary, TrainingDataset } from './training-dataset';

/** Shares of the examples, in time order; the test split takes the rest. */
export interface SplitFractions {
  readonly train: number;
  readonly validation: number;
}

export const DEFAULT_SPLIT: SplitFractions = { train: 0.7, validation: 0.15 };

/** Vocabulary of each categorical feature: at most this many values, as libs/features' schema. */
const MAX_VOCABULARY = 254;

/**
 * Cuts the examples into train, validation and test by position (they are in time order),
 * chooses each categorical feature's vocabulary from the training rows, and encodes every row
 * with it in place (a value outside the vocabulary becomes missing, as `encodeRows` does).
 */
export function splitAndEncode(
  table: ExampleTable,
  fractions: SplitFractions,
  context: { exampleMode: ExampleMode; events: TrainingDataset['events'] },
): TrainingDataset {
  const n = table.numRows;
  const width = table.width;
  const trainEnd = Math.round(n * fractions.train);
  const validationEnd = Math.round(n * (fractions.train + fractions.validation));
  const values = table.rawValues();
  const labels = table.labelVector();
  const times = table.timeVector();

  const vocabularies: Partial<Record<FeatureName, string[]>> = {};
  const histograms: Record<string, ReferenceHistogram> = {};
  // The test rows' provisional codes, kept to encode them for another model's vocabularies.
  const testCodes: Float32Array[] = [];
  table.categoricalColumns.forEach((column, c) => {
    const name = CATEGORICAL_FEATURES[c] as FeatureName;
    const counts = new Int32Array(table.distinctValues(c));
    for (let r = 0; r < trainEnd; r++) {
      const code = values[r * width + column] as number;
      if (!Number.isNaN(code)) counts[code] = (counts[code] as number) + 1;
    }
    const byValue = new Map<string, number>();
    counts.forEach((count, code) => {
      if (count > 0) byValue.set(table.stringOf(c, code) as string, count);
    });
    const vocabulary = vocabularyFromCounts(byValue, 1, MAX_VOCABULARY);
    vocabularies[name] = vocabulary;
    const position = new Map(vocabulary.map((value, index) => [value, index]));
    const remap = Int32Array.from({ length: counts.length }, (_, code) => position.get(table.stringOf(c, code) as string) ?? -1);

    const test = new Float32Array(n - validationEnd);
    const trainCodes = new Float32Array(trainEnd);
    for (let r = 0; r < n; r++) {
      const at = r * width + column;
      const code = values[at] as number;
      if (r >= validationEnd) test[r - validationEnd] = code;
      const encoded = Number.isNaN(code) ? NaN : (remap[code] as number);
      if (r < trainEnd) trainCodes[r] = encoded;
      values[at] = encoded < 0 ? NaN : encoded;
    }
    testCodes[c] = test;
    histograms[name] = categoricalHistogram(trainCodes, vocabulary.length);
  });
  FEATURE_NAMES.forEach((name, column) => {
    if (CATEGORICAL_FEATURES.includes(name)) return;
    const columnValues = new Float32Array(trainEnd);
    for (let r = 0; r < trainEnd; r++) columnValues[r] = values[r * width + column] as number;
    histograms[name] = numericHistogram(columnValues);
  });

  const rows = (start: number, end: number): LabeledDataset =>
    createDataset({
      values: values.subarray(start * width, end * width),
      featureNames: FEATURE_NAMES,
      categoricalFeatures: CATEGORICAL_FEATURES,
      labels: labels.subarray(start, end),
    }) as LabeledDataset;
  const summary = (start: number, end: number): SplitSummary => {
    let positives = 0;
    for (let r = start; r < end; r++) positives += labels[r] as number;
    return { examples: end - start, positives, fromMs: times[start] ?? NaN, toMs: times[end - 1] ?? NaN };
  };
  const test = rows(validationEnd, n);
  const splits: Record<SplitName, SplitSummary> = {
    train: summary(0, trainEnd),
    validation: summary(trainEnd, validationEnd),
    test: summary(validationEnd, n),
  };
  return {
    schema: { featureNames: [...FEATURE_NAMES], vocabularies },
    exampleMode: context.exampleMode,
    train: rows(0, trainEnd),
    validation: rows(trainEnd, validationEnd),
    test,
    splits,
    events: context.events,
    referenceHistograms: histograms,
    encodeTest: (schema) => encodeForSchema(schema, table, test, testCodes),
  };
}

/** The test rows as another model's input: its feature order, its vocabularies. */
function encodeForSchema(schema: EncodingSchema, table: ExampleTable, test: LabeledDataset, testCodes: readonly Float32Array[]): Dataset {
  const width = FEATURE_NAMES.length;
  const numRows = test.numRows;
  const out = new Float32Array(numRows * schema.featureNames.length);
  schema.featureNames.forEach((name, f) => {
    const column = FEATURE_NAMES.indexOf(name as FeatureName);
    if (column < 0) throw new Error(`the model uses feature ${name}, which this trainer does not compute (it computes ${FEATURE_NAMES.join(', ')})`);
    const vocabulary = schema.vocabularies[name];
    const c = CATEGORICAL_FEATURES.indexOf(name as FeatureName);
    if (vocabulary && c >= 0) {
      const position = new Map(vocabulary.map((value, index) => [value, index]));
      const codes = testCodes[c] as Float32Array;
      for (let r = 0; r < numRows; r++) {
        const code = codes[r] as number;
        const value = Number.isNaN(code) ? undefined : table.stringOf(c, code);
        out[r * schema.featureNames.length + f] = value === undefined ? NaN : (position.get(value) ?? NaN);
      }
      return;
    }
    for (let r = 0; r < numRows; r++) out[r * schema.featureNames.length + f] = test.values[r * width + column] as number;
  });
  return createDataset({
    values: out,
    featureNames: schema.featureNames,
    categoricalFeatures: schema.featureNames.filter((name) => schema.vocabularies[name] !== undefined),
    labels: test.labels,
  });
}

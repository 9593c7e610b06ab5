import type { ExampleMode, FeatureSchema } from '@platform/features';
import type { Dataset, LabeledDataset } from '@platform/ml';
import type { ReferenceHistogram } from '@platform/model-registry';

export type SplitName = 'train' | 'validation' | 'test';

/** What the feature vectors of another model need: names in input order, and vocabularies. */
export interface EncodingSchema {
  readonly featureNames: readonly string[];
  readonly vocabularies: Readonly<Record<string, readonly string[]>>;
}

export interface SplitSummary {
  readonly examples: number;
  readonly positives: number;
  /** Event time of the split's first and last example (epoch ms). */
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The examples of one training, split in time order (train, then validation, then test), encoded
 * with vocabularies chosen on the training rows.
 */
export interface TrainingDataset {
  readonly schema: FeatureSchema;
  readonly exampleMode: ExampleMode;
  readonly train: LabeledDataset;
  readonly validation: LabeledDataset;
  readonly test: LabeledDataset;
  readonly splits: Readonly<Record<SplitName, SplitSummary>>;
  /** Clean events replayed, and the event-time range they cover (epoch ms). */
  readonly events: { readonly count: number; readonly fromMs: number; readonly toMs: number };
  /** Per feature, its distribution over the training rows (model.json's drift reference). */
  readonly referenceHistograms: Readonly<Record<string, ReferenceHistogram>>;
  /** The test rows encoded for another model (the champion), by its names and vocabularies. */
  encodeTest(schema: EncodingSchema): Dataset;
}

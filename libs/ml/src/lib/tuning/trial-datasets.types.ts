import { Dataset } from '../dataset/dataset.types';

/** The data a trial trains and is scored on, both with labels. */
export interface TrialDatasets {
  readonly train: Dataset;
  readonly validation: Dataset;
}

export type TrialDatasetMap = Readonly<Record<string, TrialDatasets>>;

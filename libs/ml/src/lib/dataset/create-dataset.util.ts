import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { Dataset, FloatMatrix, LabelVector, MatrixLayout } from './dataset.types';

export interface CreateDatasetInput {
  readonly values: FloatMatrix;
  readonly layout?: MatrixLayout;
  readonly featureNames: readonly string[];
  /** Indices or names of the categorical features. */
  readonly categoricalFeatures?: readonly (number | string)[];
  readonly labels?: LabelVector;
}

/** Validates shapes once so that the hot loops downstream can trust them. */
export function createDataset(input: CreateDatasetInput): Dataset {
  const numFeatures = input.featureNames.length;
  if (numFeatures === 0) {
    throw invalid('a dataset needs at least one feature');
  }
  if (new Set(input.featureNames).size !== numFeatures) {
    throw invalid('feature names must be distinct');
  }
  if (input.values.length % numFeatures !== 0) {
    throw invalid(`values has ${input.values.length} entries, not a multiple of ${numFeatures} features`);
  }
  const numRows = input.values.length / numFeatures;
  const categoricalFeatures = [...new Set((input.categoricalFeatures ?? []).map((f) => resolveFeature(f, input.featureNames)))].sort(
    (a, b) => a - b,
  );
  if (input.labels !== undefined) {
    if (input.labels.length !== numRows) {
      throw invalid(`labels has ${input.labels.length} entries for ${numRows} rows`);
    }
    for (let i = 0; i < numRows; i++) {
      const label = input.labels[i];
      if (label !== 0 && label !== 1) {
        throw invalid(`label at row ${i} is ${label}; binary labels must be 0 or 1`);
      }
    }
  }
  return {
    values: input.values,
    layout: input.layout ?? 'row-major',
    numRows,
    featureNames: [...input.featureNames],
    categoricalFeatures,
    labels: input.labels,
  };
}

function resolveFeature(feature: number | string, names: readonly string[]): number {
  const index = typeof feature === 'number' ? feature : names.indexOf(feature);
  if (!Number.isInteger(index) || index < 0 || index >= names.length) {
    throw invalid(`unknown categorical feature ${String(feature)}`);
  }
  return index;
}

function invalid(message: string): MlException {
  return new MlException(MlErrorCode.InvalidDataset, message);
}

// Public API of @platform/ml: histogram GBDT, evaluation metrics, ONNX export,
// hyperparameter search. Everything else under lib/ is internal.

// Errors
export * from './lib/common/ml-error-code.enum';
export * from './lib/common/ml.exception';
export * from './lib/common/seeded-random';

// Data
export * from './lib/dataset/dataset.types';
export * from './lib/dataset/create-dataset.util';
export * from './lib/dataset/select-rows.util';
export {  toRowMajorFloat32 } from './lib/dataset/dataset-access.util';
export * from './lib/binning/feature-bins.types';
export * from './lib/binning/binned-dataset.types';
export * from './lib/binning/histogram-binner';

// Training and prediction
export * from './lib/gbdt/gbdt-params.types';
export { resolveGbdtParams } from './lib/gbdt/resolve-gbdt-params.util';
export * from './lib/gbdt/tree-ensemble-model.types';
export * from './lib/gbdt/train-gbdt';
export * from './lib/gbdt/eval-metric';
export * from './lib/gbdt/predict-tree-ensemble.util';
export * from './lib/gbdt/model-json.util';

// Evaluation
export * from './lib/evaluation/roc-auc.util';
export * from './lib/evaluation/average-precision.util';
export * from './lib/evaluation/log-loss.util';
export * from './lib/evaluation/best-f1.util';
export * from './lib/evaluation/calibration-table.util';
export * from './lib/evaluation/evaluate-binary-classifier.util';

// ONNX
export * from './lib/onnx/onnx-model.constants';
export * from './lib/onnx/onnx-export.types';
export * from './lib/onnx/export-onnx';

// Hyperparameter search
export * from './lib/tuning/search-space.types';
export * from './lib/tuning/sampler.interface';
export * from './lib/tuning/random.sampler';
export * from './lib/tuning/tpe.sampler';
export * from './lib/tuning/create-sampler.util';
export * from './lib/tuning/asha.scheduler';
export * from './lib/tuning/trial.types';
export * from './lib/tuning/trial-datasets.types';
export * from './lib/tuning/trial-executor.interface';
export * from './lib/tuning/in-thread-trial.executor';
export { runTrialSegment, BinnedDatasetCache } from './lib/tuning/run-trial-segment';
export * from './lib/tuning/search-state.types';
export * from './lib/tuning/hyperparameter-search';

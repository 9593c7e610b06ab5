/**
 * Histogram gradient-boosted decision trees for binary classification, in TypeScript.
 *
 * Why it is written here: no maintained gradient-boosting trainer exists for Node (XGBoost,
 * LightGBM and CatBoost ship Python/C++/JVM bindings only), and the platform is one TypeScript
 * codebase. The design follows LightGBM: features quantised once into bins, leaf-wise growth,
 * gradient histograms with the subtraction trick, NaN routed per split, categorical splits on
 * vocabulary codes, and defaults taken from it.
 */
import { BinnedDataset } from '../binning/binned-dataset.types';
import { HistogramBinner } from '../binning/histogram-binner';
import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { Dataset, LabeledDataset } from '../dataset/dataset.types';
import { addLeafValuesByPartition, addTreeOutputsOutOfBag } from './binned-tree-scores.util';
import { DataPartition } from './data-partition';
import { computeEvalMetric, EvalMetricName, isImprovement } from './eval-metric';
import { GbdtParams } from './gbdt-params.types';
import { toDecisionTree } from './grown-tree-to-decision-tree.util';
import { computeLogLossGradients, initialLogOdds } from './log-loss-objective';
import { addTreeOutputs, predictRawScores, sigmoid } from './predict-tree-ensemble.util';
import { resolveGbdtParams } from './resolve-gbdt-params.util';
import { baggedRows, sampledFeatures } from './row-sampling.util';
import { TrainingMemory } from './training-memory';
import { TreeGrower } from './tree-grower';
import { DecisionTree, TreeEnsembleModel } from './tree-ensemble-model.types';

interface RoundReport {
  /** Trees in the model after this round (1 for the first). */
  readonly round: number;
  /** Validation metrics, by name; empty without a validation set. */
  readonly metrics: Readonly<Partial<Record<EvalMetricName, number>>>;
  readonly elapsedMs: number;
}

export interface TrainGbdtOptions {
  /** Training rows with labels. */
  readonly train: Dataset;
  /** The training rows already binned (to bin once for several fits, or to time binning apart). */
  readonly binned?: BinnedDataset;
  /** Rows with labels for per-round metrics and early stopping. */
  readonly validation?: Dataset;
  readonly params?: Partial<GbdtParams>;
  /** Validation metrics per round; the first drives early stopping. Default ['logloss']. */
  readonly metrics?: readonly EvalMetricName[];
  /** Continue boosting this model (same features) up to params.numTrees trees in all. */
  readonly initModel?: TreeEnsembleModel;
  /** Called after every round; returning 'stop' ends training there. */
  readonly onRound?: (report: RoundReport) => void | 'stop';
}

export type StopReason = 'num-trees' | 'early-stopping' | 'callback' | 'no-split';

export interface TrainGbdtResult {
  /** With early stopping, truncated to the best round. */
  readonly model: TreeEnsembleModel;
  readonly rounds: readonly RoundReport[];
  readonly bestRound: number;
  readonly stopReason: StopReason;
  readonly binningMs: number;
  readonly trainingMs: number;
}

export function trainGbdt(options: TrainGbdtOptions): TrainGbdtResult {
  const params = resolveGbdtParams(options.params);
  const train = requireLabels(options.train, 'train');
  const validation = options.validation ? requireLabels(options.validation, 'validation') : undefined;
  const metrics = options.metrics ?? ['logloss'];
  const trackedMetric = metrics[0] ?? 'logloss';
  checkSameFeatures(train, validation, options.initModel);

  const binningStart = performance.now();
  const binned =
    options.binned ??
    new HistogramBinner({ maxBin: params.maxBin, sampleSize: params.binSampleSize, seed: params.seed }).fitTransform(train);
  if (binned.numRows !== train.numRows || binned.numFeatures !== train.featureNames.length) {
    throw new MlException(MlErrorCode.InvalidDataset, 'the binned dataset does not match the training set');
  }
  const binningMs = performance.now() - binningStart;
  const start = performance.now();

  const numRows = train.numRows;
  const trees: DecisionTree[] = options.initModel ? [...options.initModel.trees] : [];
  const baseScore = options.initModel ? options.initModel.baseScore : initialLogOdds(train.labels);
  const partialModel = (kept: readonly DecisionTree[]): TreeEnsembleModel => ({
    format: 'platform-gbdt',
    formatVersion: 1,
    objective: 'binary-logloss',
    featureNames: [...train.featureNames],
    categoricalFeatures: [...train.categoricalFeatures],
    baseScore,
    trees: kept,
    params,
  });
  const validScores = validation ? predictRawScores(partialModel(trees), validation) : undefined;
  const validProbabilities = validation ? new Float64Array(validation.numRows) : undefined;

  const usable: number[] = [];
  binned.featureBins.forEach((bins, f) => bins.numBins > 1 && usable.push(f));
  const memory = new TrainingMemory(binned, params.numLeaves);
  const grower = new TreeGrower(binned, params, memory);
  const partition = new DataPartition(memory, params.numLeaves);
  const scores = memory.scores;
  if (options.initModel) scores.set(predictRawScores(partialModel(trees), train));
  else scores.fill(baseScore);

  const rounds: RoundReport[] = [];
  let bestRound = trees.length;
  let bestValue = NaN;
  let stopReason: StopReason = 'num-trees';
  for (let round = trees.length; round < params.numTrees; round++) {
    computeLogLossGradients(train.labels, scores, memory.gradHess);
    const bag = baggedRows(params, round, numRows);
    partition.reset(bag);
    const grown = grower.grow(partition, sampledFeatures(params, round, usable), bag === null);
    if (grown.numLeaves === 1 && round > 0) {
      // As LightGBM: when even the root cannot split, further rounds would add constants only.
      stopReason = 'no-split';
      break;
    }
    addLeafValuesByPartition(grown, partition, memory);
    if (bag) addTreeOutputsOutOfBag(grown, binned.bins, numRows, bag, scores);
    const tree = toDecisionTree(grown, binned.featureBins);
    trees.push(tree);

    const values: Partial<Record<EvalMetricName, number>> = {};
    if (validation && validScores && validProbabilities) {
      addTreeOutputs(tree, validation, validScores);
      for (let r = 0; r < validScores.length; r++) validProbabilities[r] = sigmoid(validScores[r] ?? 0);
      for (const name of metrics) values[name] = computeEvalMetric(name, validation.labels, validProbabilities);
    }
    const report: RoundReport = { round: trees.length, metrics: values, elapsedMs: performance.now() - start };
    rounds.push(report);

    const tracked = values[trackedMetric];
    if (tracked === undefined || Number.isNaN(bestValue) || isImprovement(trackedMetric, tracked, bestValue)) {
      bestValue = tracked ?? NaN;
      bestRound = trees.length;
    }
    if (options.onRound?.(report) === 'stop') {
      stopReason = 'callback';
      break;
    }
    if (validation && params.earlyStoppingRounds > 0 && trees.length - bestRound >= params.earlyStoppingRounds) {
      stopReason = 'early-stopping';
      break;
    }
  }
  const kept = stopReason === 'early-stopping' ? trees.slice(0, bestRound) : trees;
  return {
    model: partialModel(kept),
    rounds,
    bestRound: stopReason === 'early-stopping' ? bestRound : kept.length,
    stopReason,
    binningMs,
    trainingMs: performance.now() - start,
  };
}

function requireLabels(dataset: Dataset, role: string): LabeledDataset {
  if (!dataset.labels) {
    throw new MlException(MlErrorCode.InvalidDataset, `the ${role} dataset has no labels`);
  }
  return dataset as LabeledDataset;
}

function checkSameFeatures(train: Dataset, validation?: Dataset, initModel?: TreeEnsembleModel): void {
  const names = train.featureNames.join('\u0000');
  if (validation && validation.featureNames.join('\u0000') !== names) {
    throw new MlException(MlErrorCode.InvalidDataset, 'validation features differ from training features');
  }
  if (initModel && initModel.featureNames.join('\u0000') !== names) {
    throw new MlException(MlErrorCode.InvalidModel, 'the initial model was trained on other features');
  }
}

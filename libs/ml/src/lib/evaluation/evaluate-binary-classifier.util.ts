import { averagePrecision } from './average-precision.util';
import { BestF1, bestF1 } from './best-f1.util';
import { CalibrationBin, calibrationTable } from './calibration-table.util';
import { logLoss } from './log-loss.util';
import { rocAuc } from './roc-auc.util';
import { BinaryLabels, countPositives } from './score-order.util';

export interface BinaryClassifierEvaluation {
  readonly count: number;
  readonly positives: number;
  readonly rocAuc: number;
  readonly prAuc: number;
  readonly logLoss: number;
  readonly bestF1: BestF1;
  readonly calibration: readonly CalibrationBin[];
}

/** Every metric the trainer records for a model on a test set. */
export function evaluateBinaryClassifier(labels: BinaryLabels, probabilities: ArrayLike<number>): BinaryClassifierEvaluation {
  return {
    count: labels.length,
    positives: countPositives(labels),
    rocAuc: rocAuc(labels, probabilities),
    prAuc: averagePrecision(labels, probabilities),
    logLoss: logLoss(labels, probabilities),
    bestF1: bestF1(labels, probabilities),
    calibration: calibrationTable(labels, probabilities),
  };
}

import { logLoss } from '../evaluation/log-loss.util';
import { rocAuc } from '../evaluation/roc-auc.util';

/** Validation metrics the trainer can track per round. */
export type EvalMetricName = 'logloss' | 'auc';

export const METRIC_GREATER_IS_BETTER: Readonly<Record<EvalMetricName, boolean>> = { logloss: false, auc: true };

export function computeEvalMetric(name: EvalMetricName, labels: ArrayLike<number>, probabilities: Float64Array): number {
  return name === 'auc' ? rocAuc(labels, probabilities) : logLoss(labels, probabilities);
}

/** True when `candidate` beats `incumbent` for this metric. */
export function isImprovement(name: EvalMetricName, candidate: number, incumbent: number): boolean {
  return METRIC_GREATER_IS_BETTER[name] ? candidate > incumbent : candidate < incumbent;
}

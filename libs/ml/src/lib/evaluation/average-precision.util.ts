import { BinaryLabels, countPositives, descendingScoreOrder } from './score-order.util';

/**
 * PR-AUC as average precision: sum over score thresholds of (recall gained) x (precision at
 * that threshold), tied scores forming one threshold (as scikit-learn's
 * average_precision_score). NaN without positives.
 */
export function averagePrecision(labels: BinaryLabels, scores: ArrayLike<number>): number {
  const positives = countPositives(labels);
  if (positives === 0) return NaN;
  const order = descendingScoreOrder(scores);
  let truePositives = 0;
  let predicted = 0;
  let sum = 0;
  for (let i = 0; i < order.length; ) {
    const score = scores[order[i] ?? 0] ?? 0;
    let groupPositives = 0;
    for (; i < order.length && scores[order[i] ?? 0] === score; i++) {
      predicted++;
      if (labels[order[i] ?? 0] === 1) groupPositives++;
    }
    truePositives += groupPositives;
    sum += (groupPositives / positives) * (truePositives / predicted);
  }
  return sum;
}

import { itemAt } from '@platform/common';

/**
 * ROC-AUC as the Mann-Whitney statistic, ties counted half. A few lines here so that the
 * simulator's ground-truth check does not wait on libs/ml, which owns the platform's metrics.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const score = (i: number): number => itemAt(scores, i);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => score(a) - score(b));
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && score(itemAt(order, end + 1)) === score(itemAt(order, start))) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (itemAt(labels, itemAt(order, k))) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

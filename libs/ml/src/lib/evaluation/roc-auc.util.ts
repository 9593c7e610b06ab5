import { BinaryLabels, countPositives, descendingScoreOrder } from './score-order.util';

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, a tie counting one half. Ties are handled exactly by walking groups of equal
 * scores (a tied group adds a trapezoid, not a staircase). NaN when a class is absent.
 */
export function rocAuc(labels: BinaryLabels, scores: ArrayLike<number>): number {
  const positives = countPositives(labels);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  const order = descendingScoreOrder(scores);
  let area = 0;
  let positivesAbove = 0;
  for (let i = 0; i < order.length; ) {
    const score = scores[order[i] ?? 0] ?? 0;
    let groupPositives = 0;
    let groupNegatives = 0;
    for (; i < order.length && scores[order[i] ?? 0] === score; i++) {
      if (labels[order[i] ?? 0] === 1) groupPositives++;
      else groupNegatives++;
    }
    // Each negative in the group beats nobody above it and ties with the group's positives.
    area += groupNegatives * (positivesAbove + groupPositives / 2);
    positivesAbove += groupPositives;
  }
  return area / (positives * negatives);
}

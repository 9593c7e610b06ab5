import { BinaryLabels, countPositives, descendingScoreOrder } from './score-order.util';

export interface BestF1 {
  readonly f1: number;
  /** Predict positive when score >= threshold. */
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
}

/** The threshold (among the observed scores) that maximises F1, with its precision and recall. */
export function bestF1(labels: BinaryLabels, scores: ArrayLike<number>): BestF1 {
  const positives = countPositives(labels);
  const order = descendingScoreOrder(scores);
  let best: BestF1 = { f1: 0, threshold: Infinity, precision: 0, recall: 0 };
  let truePositives = 0;
  let predicted = 0;
  for (let i = 0; i < order.length; ) {
    const score = scores[order[i] ?? 0] ?? 0;
    for (; i < order.length && scores[order[i] ?? 0] === score; i++) {
      predicted++;
      if (labels[order[i] ?? 0] === 1) truePositives++;
    }
    const f1 = positives === 0 ? 0 : (2 * truePositives) / (predicted + positives);
    if (f1 > best.f1) {
      best = { f1, threshold: score, precision: truePositives / predicted, recall: truePositives / positives };
    }
  }
  return best;
}

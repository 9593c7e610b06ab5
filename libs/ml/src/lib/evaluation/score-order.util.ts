import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';

/**
 * Row indices ordered by descending score (ties by ascending index, for determinism). A NaN score
 * is refused: it compares unequal to itself, so the metrics' walks over groups of equal scores
 * would never leave it (they looped forever on one).
 */
export function descendingScoreOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) {
    if (Number.isNaN(scores[i])) {
      throw new MlException(MlErrorCode.InvalidDataset, `score of row ${i} is NaN: every row needs a numeric score (check the model's predictions)`, { row: i });
    }
    order[i] = i;
  }
  return order.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}

export type BinaryLabels = ArrayLike<number>;

export function countPositives(labels: BinaryLabels): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return positives;
}

/** Row indices ordered by descending score (ties by ascending index, for determinism). */
export function descendingScoreOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

export type BinaryLabels = ArrayLike<number>;

export function countPositives(labels: BinaryLabels): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return positives;
}

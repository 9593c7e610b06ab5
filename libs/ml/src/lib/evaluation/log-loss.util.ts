import { BinaryLabels } from './score-order.util';

// Math functions hoisted: a global lookup in a hot loop is slow inside jest's vm contexts.
const { log, max, min } = Math;

const EPSILON = 1e-15;

/** Mean binary cross-entropy of probabilities, clipped to [1e-15, 1 - 1e-15] like scikit-learn. */
export function logLoss(labels: BinaryLabels, probabilities: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = min(max(probabilities[i] ?? NaN, EPSILON), 1 - EPSILON);
    sum -= labels[i] === 1 ? log(p) : log(1 - p);
  }
  return sum / labels.length;
}

import { LabelVector } from '../dataset/dataset.types';

// Math functions hoisted: a global lookup in a hot loop is slow inside jest's vm contexts.
const { exp, fround, log, max, min } = Math;

/** Hessians below this would make leaf values explode on perfectly fitted rows. */
const MIN_HESSIAN = 1e-16;

/**
 * Binary log loss on log-odds scores: gradient p - y, hessian p (1 - p), written interleaved
 * (gradient, hessian) per row as the histogram builder reads them.
 */
export function computeLogLossGradients(labels: LabelVector, scores: Float64Array, gradHess: Float32Array): void {
  for (let r = 0; r < scores.length; r++) {
    const p = 1 / (1 + exp(-(scores[r] ?? 0)));
    gradHess[r << 1] = p - (labels[r] ?? 0);
    gradHess[(r << 1) + 1] = max(p * (1 - p), MIN_HESSIAN);
  }
}

/** Log-odds of the positive rate: the best constant start (LightGBM's boost_from_average). */
export function initialLogOdds(labels: LabelVector): number {
  let positives = 0;
  for (const label of labels) positives += label;
  const rate = min(max(positives / max(labels.length, 1), 1e-15), 1 - 1e-15);
  return fround(log(rate / (1 - rate)));
}

import { BinaryLabels } from './score-order.util';

export interface CalibrationBin {
  readonly bin: number;
  readonly count: number;
  readonly minPredicted: number;
  readonly maxPredicted: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/**
 * Predicted against observed positive rate by quantile of the prediction (deciles by
 * default): rows sorted by ascending probability and cut into groups of near-equal size.
 */
export function calibrationTable(labels: BinaryLabels, probabilities: ArrayLike<number>, numBins = 10): CalibrationBin[] {
  const n = labels.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (probabilities[a] ?? 0) - (probabilities[b] ?? 0) || a - b);
  const table: CalibrationBin[] = [];
  for (let bin = 0; bin < numBins; bin++) {
    const start = Math.floor((bin * n) / numBins);
    const end = Math.floor(((bin + 1) * n) / numBins);
    if (end <= start) continue;
    let predicted = 0;
    let observed = 0;
    for (let i = start; i < end; i++) {
      const row = order[i] ?? 0;
      predicted += probabilities[row] ?? 0;
      observed += labels[row] === 1 ? 1 : 0;
    }
    table.push({
      bin,
      count: end - start,
      minPredicted: probabilities[order[start] ?? 0] ?? NaN,
      maxPredicted: probabilities[order[end - 1] ?? 0] ?? NaN,
      meanPredicted: predicted / (end - start),
      observedRate: observed / (end - start),
    });
  }
  return table;
}

import { itemAt } from '@platform/common';
import { CategoricalFeatureBins } from '../binning/feature-bins.types';
import { LeafTotals, SplitCandidate, SplitConstraints, leafGain } from './split-candidate';

// Math functions hoisted: a global lookup in a hot loop is slow inside jest's vm contexts.
const { floor, min, round } = Math;

/**
 * Best category set of one categorical feature. Few categories (<= maxCatToOnehot): one
 * category against the rest. Many: LightGBM's sorted-gradient search, categories ordered by
 * G / (H + catSmooth) and prefixes of that order (from either end, at most maxCatThreshold
 * categories) tried as the left set. The "other" bin (rare codes) never goes left, so that a
 * split is expressible as equality tests on known codes; NaN may go either way.
 */
export function findCategoricalSplit(
  hist: Float64Array,
  offset: number,
  feature: number,
  bins: CategoricalFeatureBins,
  totals: LeafTotals,
  constraints: SplitConstraints,
  best: SplitCandidate,
): void {
  const base = offset << 1;
  const countFactor = totals.count / totals.hessian;
  const numCategories = bins.categories.length;
  const used: number[] = [];
  for (let b = 0; b < numCategories; b++) {
    if (round((hist[base + 2 * b + 1] ?? 0) * countFactor) > 0) used.push(b);
  }
  if (numCategories <= constraints.maxCatToOnehot) {
    oneVsRest(hist, base, feature, bins.missingBin, used, countFactor, totals, constraints, best);
  } else {
    sortedGradient(hist, base, feature, bins.missingBin, used, countFactor, totals, constraints, best);
  }
}

function oneVsRest(
  hist: Float64Array,
  base: number,
  feature: number,
  missingBin: number,
  used: readonly number[],
  countFactor: number,
  totals: LeafTotals,
  c: SplitConstraints,
  best: SplitCandidate,
): void {
  const minGainShift = leafGain(totals.gradient, totals.hessian, c.lambdaL2) + c.minGainToSplit;
  const missingG = missingBin >= 0 ? (hist[base + 2 * missingBin] ?? 0) : 0;
  const missingH = missingBin >= 0 ? (hist[base + 2 * missingBin + 1] ?? 0) : 0;
  for (let pass = 0; pass < (missingBin >= 0 ? 2 : 1); pass++) {
    const missingLeft = pass === 1;
    for (const b of used) {
      const leftG = (hist[base + 2 * b] ?? 0) + (missingLeft ? missingG : 0);
      const leftH = (hist[base + 2 * b + 1] ?? 0) + (missingLeft ? missingH : 0);
      const leftC = round(leftH * countFactor);
      const rightC = totals.count - leftC;
      const rightH = totals.hessian - leftH;
      if (leftC < c.minDataInLeaf || leftH < c.minSumHessianInLeaf) continue;
      if (rightC < c.minDataInLeaf || rightH < c.minSumHessianInLeaf) continue;
      const rightG = totals.gradient - leftG;
      const gain = leafGain(leftG, leftH, c.lambdaL2) + leafGain(rightG, rightH, c.lambdaL2);
      if (gain <= minGainShift) continue;
      record(best, gain - minGainShift + c.minGainToSplit, feature, [b], missingLeft, leftG, leftH, rightG, rightH);
    }
  }
}

function sortedGradient(
  hist: Float64Array,
  base: number,
  feature: number,
  missingBin: number,
  used: readonly number[],
  countFactor: number,
  totals: LeafTotals,
  c: SplitConstraints,
  best: SplitCandidate,
): void {
  const minGainShift = leafGain(totals.gradient, totals.hessian, c.lambdaL2) + c.minGainToSplit;
  const lambda = c.lambdaL2 + c.catL2;
  // Candidates: categories (and NaN) with enough data for their ratio to mean something.
  const candidates = used.filter((b) => round((hist[base + 2 * b + 1] ?? 0) * countFactor) >= c.catSmooth);
  if (missingBin >= 0 && round((hist[base + 2 * missingBin + 1] ?? 0) * countFactor) >= c.catSmooth) {
    candidates.push(missingBin);
  }
  const ratio = (b: number): number => (hist[base + 2 * b] ?? 0) / ((hist[base + 2 * b + 1] ?? 0) + c.catSmooth);
  candidates.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const maxLeft = min(c.maxCatThreshold, floor((candidates.length + 1) / 2));
  for (let direction = 0; direction < 2; direction++) {
    let leftG = 0;
    let leftH = 0;
    let leftC = 0;
    let groupC = 0;
    for (let i = 0; i < maxLeft; i++) {
      const b = itemAt(candidates, direction === 0 ? i : candidates.length - 1 - i);
      const h = hist[base + 2 * b + 1] ?? 0;
      const binC = round(h * countFactor);
      leftG += hist[base + 2 * b] ?? 0;
      leftH += h;
      leftC += binC;
      groupC += binC;
      if (leftC < c.minDataInLeaf || leftH < c.minSumHessianInLeaf) continue;
      const rightC = totals.count - leftC;
      const rightH = totals.hessian - leftH;
      if (rightC < c.minDataInLeaf || rightC < c.minDataPerGroup || rightH < c.minSumHessianInLeaf) break;
      if (groupC < c.minDataPerGroup) continue;
      groupC = 0;
      const rightG = totals.gradient - leftG;
      const gain = leafGain(leftG, leftH, lambda) + leafGain(rightG, rightH, lambda);
      if (gain <= minGainShift) continue;
      const splitGain = gain - minGainShift + c.minGainToSplit;
      if (splitGain > best.gain) {
        const chosen = direction === 0 ? candidates.slice(0, i + 1) : candidates.slice(candidates.length - 1 - i);
        const categoryBins = chosen.filter((bin) => bin !== missingBin).sort((x, y) => x - y);
        if (categoryBins.length === 0) continue;
        record(best, splitGain, feature, categoryBins, chosen.includes(missingBin), leftG, leftH, rightG, rightH);
      }
    }
  }
}

function record(
  best: SplitCandidate,
  gain: number,
  feature: number,
  categoryBins: number[],
  missingLeft: boolean,
  leftG: number,
  leftH: number,
  rightG: number,
  rightH: number,
): void {
  if (gain <= best.gain) return;
  best.gain = gain;
  best.feature = feature;
  best.categorical = true;
  best.thresholdBin = 0;
  best.categoryBins = categoryBins;
  best.missingLeft = missingLeft;
  best.leftGradient = leftG;
  best.leftHessian = leftH;
  best.rightGradient = rightG;
  best.rightHessian = rightH;
}

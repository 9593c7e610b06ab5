import { NumericalFeatureBins } from '../binning/feature-bins.types';
import { LeafTotals, SplitCandidate, SplitConstraints, leafGain } from './split-candidate';

// Math functions hoisted: a global lookup in a hot loop is slow inside jest's vm contexts.
const { round } = Math;

/**
 * Best threshold of one numerical feature, trying NaN on either side when the feature has
 * missing values. Child row counts are estimated from hessians as LightGBM does
 * (count ~ hessian * rows / total hessian), which keeps histograms at two values per bin.
 * Updates `best` only when it finds a strictly better gain.
 */
export function findNumericalSplit(
  hist: Float64Array,
  offset: number,
  feature: number,
  bins: NumericalFeatureBins,
  totals: LeafTotals,
  constraints: SplitConstraints,
  best: SplitCandidate,
): void {
  const { minDataInLeaf, minSumHessianInLeaf, lambdaL2 } = constraints;
  const countFactor = totals.count / totals.hessian;
  const minGainShift = leafGain(totals.gradient, totals.hessian, lambdaL2) + constraints.minGainToSplit;
  const missing = bins.missingBin;
  const lastThreshold = (missing >= 0 ? bins.numBins - 1 : bins.numBins) - 1;
  const base = offset << 1;
  for (let pass = 0; pass < (missing >= 0 ? 2 : 1); pass++) {
    const missingLeft = pass === 1;
    let leftG = 0;
    let leftH = 0;
    let leftC = 0;
    if (missingLeft) {
      leftG = hist[base + 2 * missing] ?? 0;
      leftH = hist[base + 2 * missing + 1] ?? 0;
      leftC = round(leftH * countFactor);
    }
    for (let t = 0; t < lastThreshold; t++) {
      const h = hist[base + 2 * t + 1] ?? 0;
      leftG += hist[base + 2 * t] ?? 0;
      leftH += h;
      leftC += round(h * countFactor);
      if (leftC < minDataInLeaf || leftH < minSumHessianInLeaf) continue;
      const rightC = totals.count - leftC;
      const rightH = totals.hessian - leftH;
      if (rightC < minDataInLeaf || rightH < minSumHessianInLeaf) break;
      const rightG = totals.gradient - leftG;
      const gain = leafGain(leftG, leftH, lambdaL2) + leafGain(rightG, rightH, lambdaL2);
      if (gain <= minGainShift) continue;
      const splitGain = gain - minGainShift + constraints.minGainToSplit;
      if (splitGain > best.gain) {
        best.gain = splitGain;
        best.feature = feature;
        best.categorical = false;
        best.thresholdBin = t;
        best.categoryBins = [];
        // Without NaN in training, unseen NaN follows the bigger child.
        best.missingLeft = missing >= 0 ? missingLeft : leftC >= rightC;
        best.leftGradient = leftG;
        best.leftHessian = leftH;
        best.rightGradient = rightG;
        best.rightHessian = rightH;
      }
    }
  }
}

/** The best split found for a leaf; one mutable object per leaf, reused across trees. */
export class SplitCandidate {
  /** Gain over not splitting; -Infinity when the leaf cannot be split. */
  gain = -Infinity;
  feature = -1;
  categorical = false;
  /** Numerical: non-missing bins <= thresholdBin go left. */
  thresholdBin = 0;
  /** Categorical: bins that go left. */
  categoryBins: number[] = [];
  missingLeft = false;
  leftGradient = 0;
  leftHessian = 0;
  rightGradient = 0;
  rightHessian = 0;

  reset(): void {
    this.gain = -Infinity;
    this.feature = -1;
    this.categoryBins = [];
  }
}

/** Sums of the leaf being split and the constraints its children must meet. */
export interface LeafTotals {
  readonly gradient: number;
  readonly hessian: number;
  readonly count: number;
}

/** The subset of GbdtParams split finding reads. */
export interface SplitConstraints {
  readonly minDataInLeaf: number;
  readonly minSumHessianInLeaf: number;
  readonly lambdaL2: number;
  readonly minGainToSplit: number;
  readonly maxCatToOnehot: number;
  readonly maxCatThreshold: number;
  readonly catSmooth: number;
  readonly catL2: number;
  readonly minDataPerGroup: number;
}

/** G^2 / (H + lambda): the loss reduction a leaf with these sums is worth (second-order). */
export function leafGain(gradient: number, hessian: number, lambda: number): number {
  return (gradient * gradient) / (hessian + lambda);
}
